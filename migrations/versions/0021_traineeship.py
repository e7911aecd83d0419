"""traineeship: 就业见习基地 and 见习协议; the date a trainee was kept on

Revision ID: 0021_traineeship
Revises: 0020_shortage
Create Date: 2026-12-07 23:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0021_traineeship'
down_revision = '0020_shortage'
branch_labels = None
depends_on = None

BASE = ('pending', 'approved', 'rejected', 'revoked')
AGREEMENT = ('active', 'retained', 'completed', 'ended')


def upgrade():
    op.create_table(
        'traineeship_bases',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('enterprise_id', sa.Integer(), nullable=False),
        sa.Column('status', sa.Enum(*BASE, name='basestatus', native_enum=False, length=24), nullable=False),
        sa.Column('capacity', sa.Integer(), nullable=False),
        sa.Column('fields', sa.String(length=200), nullable=False),
        sa.Column('mentors', sa.Integer(), nullable=False),
        sa.Column('introduction', sa.Text(), nullable=False),
        sa.Column('applied_at', sa.DateTime(), nullable=False),
        sa.Column('applied_by_id', sa.Integer(), nullable=True),
        sa.Column('reviewed_at', sa.DateTime(), nullable=True),
        sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
        sa.Column('review_note', sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id']),
        sa.ForeignKeyConstraint(['applied_by_id'], ['users.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('enterprise_id'),
    )
    op.create_index('ix_traineeship_bases_status', 'traineeship_bases', ['status'])
    op.create_table(
        'trainee_agreements',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('base_id', sa.Integer(), nullable=False),
        sa.Column('application_id', sa.Integer(), nullable=False),
        sa.Column('seeker_id', sa.Integer(), nullable=False),
        sa.Column('start_date', sa.Date(), nullable=False),
        sa.Column('end_date', sa.Date(), nullable=False),
        sa.Column('mentor', sa.String(length=32), nullable=False),
        sa.Column('status', sa.Enum(*AGREEMENT, name='agreementstatus', native_enum=False, length=24),
                  nullable=False),
        sa.Column('monthly_allowance', sa.Float(), nullable=True),
        sa.Column('allowance_basis', sa.String(length=200), nullable=False),
        sa.Column('ended_on', sa.Date(), nullable=True),
        sa.Column('employed_3m', sa.Boolean(), nullable=True),
        sa.Column('employed_6m', sa.Boolean(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['base_id'], ['traineeship_bases.id']),
        sa.ForeignKeyConstraint(['application_id'], ['applications.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['seeker_id'], ['seeker_profiles.id']),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('application_id'),
    )
    op.create_index('ix_trainee_agreements_base_id', 'trainee_agreements', ['base_id'])
    op.create_index('ix_trainee_agreements_seeker_id', 'trainee_agreements', ['seeker_id'])
    op.create_index('ix_trainee_agreements_status', 'trainee_agreements', ['status'])
    with op.batch_alter_table('hire_records') as batch:
        batch.add_column(sa.Column('retained_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('hire_records') as batch:
        batch.drop_column('retained_on')
    op.drop_index('ix_trainee_agreements_status', table_name='trainee_agreements')
    op.drop_index('ix_trainee_agreements_seeker_id', table_name='trainee_agreements')
    op.drop_index('ix_trainee_agreements_base_id', table_name='trainee_agreements')
    op.drop_table('trainee_agreements')
    op.drop_index('ix_traineeship_bases_status', table_name='traineeship_bases')
    op.drop_table('traineeship_bases')
