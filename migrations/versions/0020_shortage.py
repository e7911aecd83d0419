"""shortage: seekers' wanted occupations, the 急需紧缺职业目录 and its entries

Revision ID: 0020_shortage
Revises: 0019_targets
Create Date: 2026-12-07 23:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0020_shortage'
down_revision = '0019_targets'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('seeker_profiles') as batch:
        batch.add_column(sa.Column('occupations_coded', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch.create_index('ix_seeker_profiles_occupations_coded', ['occupations_coded'])
    op.create_table(
        'seeker_occupations',
        sa.Column('seeker_id', sa.Integer(), nullable=False),
        sa.Column('occupation_code', sa.String(length=16), nullable=False),
        sa.Column('place', sa.String(length=12), nullable=False),
        sa.ForeignKeyConstraint(['seeker_id'], ['seeker_profiles.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('seeker_id', 'occupation_code', 'place'),
    )
    op.create_index('ix_seeker_occupations_code_place', 'seeker_occupations', ['occupation_code', 'place'])
    op.create_table(
        'shortage_catalogues',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('region', sa.String(length=12), nullable=False),
        sa.Column('quarter', sa.String(length=7), nullable=False),
        sa.Column('min_ratio', sa.Float(), nullable=False),
        sa.Column('min_openings', sa.Integer(), nullable=False),
        sa.Column('min_firms', sa.Integer(), nullable=False),
        sa.Column('note', sa.String(length=500), nullable=False),
        sa.Column('published_at', sa.DateTime(), nullable=False),
        sa.Column('published_by_id', sa.Integer(), nullable=True),
        sa.Column('retired_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_shortage_catalogues_region', 'shortage_catalogues', ['region'])
    op.create_table(
        'shortage_entries',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('catalogue_id', sa.Integer(), nullable=False),
        sa.Column('rank', sa.Integer(), nullable=False),
        sa.Column('occupation_code', sa.String(length=16), nullable=False),
        sa.Column('occupation_name', sa.String(length=100), nullable=False),
        sa.Column('openings', sa.Integer(), nullable=False),
        sa.Column('seekers', sa.Integer(), nullable=False),
        sa.Column('firms', sa.Integer(), nullable=False),
        sa.Column('previous_ratio', sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(['catalogue_id'], ['shortage_catalogues.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_shortage_entries_catalogue_id', 'shortage_entries', ['catalogue_id'])
    op.create_index('ix_shortage_entries_occupation_code', 'shortage_entries', ['occupation_code'])
    # posts are counted by occupation, place and publication time
    op.create_index('ix_job_posts_occupation_code', 'job_posts', ['occupation_code'])


def downgrade():
    op.drop_index('ix_job_posts_occupation_code', table_name='job_posts')
    op.drop_index('ix_shortage_entries_occupation_code', table_name='shortage_entries')
    op.drop_index('ix_shortage_entries_catalogue_id', table_name='shortage_entries')
    op.drop_table('shortage_entries')
    op.drop_index('ix_shortage_catalogues_region', table_name='shortage_catalogues')
    op.drop_table('shortage_catalogues')
    op.drop_index('ix_seeker_occupations_code_place', table_name='seeker_occupations')
    op.drop_table('seeker_occupations')
    with op.batch_alter_table('seeker_profiles') as batch:
        batch.drop_index('ix_seeker_profiles_occupations_coded')
        batch.drop_column('occupations_coded')
