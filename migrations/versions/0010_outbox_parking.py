"""search outbox: per-row failures and parking

Revision ID: 0010_outbox_parking
Revises: 0009_fair_reminders
Create Date: 2026-11-29 23:20:00

"""
from alembic import op
import sqlalchemy as sa


revision = '0010_outbox_parking'
down_revision = '0009_fair_reminders'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('search_outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failures', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('parked_at', sa.DateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_search_outbox_parked_at'), ['parked_at'], unique=False)


def downgrade():
    with op.batch_alter_table('search_outbox', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_outbox_parked_at'))
        batch_op.drop_column('parked_at')
        batch_op.drop_column('failures')
