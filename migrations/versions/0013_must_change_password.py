"""users: a one-time password (a member added by the firm's owner) must be replaced at first sign-in

Revision ID: 0013_must_change_password
Revises: 0012_user_sessions
Create Date: 2026-11-30 03:10:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0013_must_change_password'
down_revision = '0012_user_sessions'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), server_default=sa.false(),
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')
