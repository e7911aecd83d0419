"""targets: monitoring targets per region and year; a hire's skill level, title and graduate flag

Revision ID: 0019_targets
Revises: 0018_casework
Create Date: 2026-12-07 19:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0019_targets'
down_revision = '0018_casework'
branch_labels = None
depends_on = None

SKILL = ('none', 'junior', 'intermediate', 'senior', 'technician', 'senior_technician')
TITLE = ('none', 'junior', 'intermediate', 'associate_senior', 'senior')
METRIC = ('insured_hires', 'graduate_share', 'high_skill_share', 'senior_title_share', 'fairs', 'posts')


def upgrade():
    op.create_table(
        'monitoring_targets',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('region', sa.String(length=12), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('metric', sa.Enum(*METRIC, name='targetmetric', native_enum=False, length=24), nullable=False),
        sa.Column('value', sa.Float(), nullable=False),
        sa.Column('counted_from', sa.Date(), nullable=False),
        sa.Column('source', sa.String(length=300), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('region', 'year', 'metric'),
    )
    op.create_index('ix_monitoring_targets_region', 'monitoring_targets', ['region'])
    with op.batch_alter_table('hire_records') as batch:
        batch.add_column(sa.Column('skill_level', sa.Enum(*SKILL, name='skilllevel', native_enum=False, length=24),
                                   nullable=False, server_default='none'))
        batch.add_column(sa.Column('title_level', sa.Enum(*TITLE, name='titlelevel', native_enum=False, length=24),
                                   nullable=False, server_default='none'))
        batch.add_column(sa.Column('graduate', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.create_index('ix_hire_records_start_date', ['start_date'])


def downgrade():
    with op.batch_alter_table('hire_records') as batch:
        batch.drop_index('ix_hire_records_start_date')
        batch.drop_column('graduate')
        batch.drop_column('title_level')
        batch.drop_column('skill_level')
    op.drop_index('ix_monitoring_targets_region', table_name='monitoring_targets')
    op.drop_table('monitoring_targets')
