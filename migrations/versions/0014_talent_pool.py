"""talent pool: the bureau-services consent on résumés, and invitations from 搜人才 and cohort searches

Revision ID: 0014_talent_pool
Revises: 0013_must_change_password
Create Date: 2026-11-30 05:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0014_talent_pool'
down_revision = '0013_must_change_password'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('seeker_profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bureau_consent_at', sa.DateTime(), nullable=True))
    op.create_table(
        'talent_invitations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('seeker_id', sa.Integer(), nullable=False),
        sa.Column('post_id', sa.Integer(), nullable=True),
        sa.Column('fair_id', sa.Integer(), nullable=True),
        sa.Column('enterprise_id', sa.Integer(), nullable=True),
        sa.Column('invited_by_id', sa.Integer(), nullable=True),
        sa.Column('message', sa.String(length=300), nullable=False),
        sa.Column('status', sa.Enum('sent', 'applied', 'declined', name='invitationstatus',
                                    native_enum=False, length=24), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('answered_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id']),
        sa.ForeignKeyConstraint(['fair_id'], ['fairs.id']),
        sa.ForeignKeyConstraint(['invited_by_id'], ['users.id']),
        sa.ForeignKeyConstraint(['post_id'], ['job_posts.id']),
        sa.ForeignKeyConstraint(['seeker_id'], ['seeker_profiles.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('seeker_id', 'post_id', name='uq_talent_invitation_post'),
    )
    with op.batch_alter_table('talent_invitations', schema=None) as batch_op:
        batch_op.create_index('ix_talent_invitations_enterprise_day', ['enterprise_id', 'created_at'])
        batch_op.create_index(batch_op.f('ix_talent_invitations_seeker_id'), ['seeker_id'])


def downgrade():
    op.drop_table('talent_invitations')
    with op.batch_alter_table('seeker_profiles', schema=None) as batch_op:
        batch_op.drop_column('bureau_consent_at')
