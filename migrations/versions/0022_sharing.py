"""sharing: 用工余缺调剂 declarations, consenting workers and placements

Revision ID: 0022_sharing
Revises: 0021_traineeship
Create Date: 2026-12-07 23:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0022_sharing'
down_revision = '0021_traineeship'
branch_labels = None
depends_on = None

KIND = ('surplus', 'shortage')
STATUS = ('agreed', 'placed', 'ended')


def upgrade():
    op.create_table(
        'staffing_declarations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('enterprise_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.Enum(*KIND, name='sharingkind', native_enum=False, length=24), nullable=False),
        sa.Column('title', sa.String(length=100), nullable=False),
        sa.Column('occupation_code', sa.String(length=16), nullable=False),
        sa.Column('headcount', sa.Integer(), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('ends_on', sa.Date(), nullable=False),
        sa.Column('adcode', sa.String(length=12), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('open', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id']),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_staffing_declarations_enterprise_id', 'staffing_declarations', ['enterprise_id'])
    op.create_index('ix_staffing_declarations_kind', 'staffing_declarations', ['kind'])
    op.create_index('ix_staffing_declarations_open', 'staffing_declarations', ['open'])
    op.create_table(
        'surplus_workers',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('declaration_id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=32), nullable=False),
        sa.Column('phone', sa.String(length=20), nullable=False),
        sa.Column('consent', sa.String(length=200), nullable=False),
        sa.Column('consent_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['declaration_id'], ['staffing_declarations.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_surplus_workers_declaration_id', 'surplus_workers', ['declaration_id'])
    op.create_table(
        'sharing_placements',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('surplus_id', sa.Integer(), nullable=False),
        sa.Column('shortage_id', sa.Integer(), nullable=False),
        sa.Column('workers', sa.Integer(), nullable=False),
        sa.Column('starts_on', sa.Date(), nullable=False),
        sa.Column('ends_on', sa.Date(), nullable=False),
        sa.Column('status', sa.Enum(*STATUS, name='placementstatus', native_enum=False, length=24), nullable=False),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('brokered_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['surplus_id'], ['staffing_declarations.id']),
        sa.ForeignKeyConstraint(['shortage_id'], ['staffing_declarations.id']),
        sa.ForeignKeyConstraint(['brokered_by_id'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_sharing_placements_surplus_id', 'sharing_placements', ['surplus_id'])
    op.create_index('ix_sharing_placements_shortage_id', 'sharing_placements', ['shortage_id'])
    op.create_index('ix_sharing_placements_status', 'sharing_placements', ['status'])


def downgrade():
    op.drop_index('ix_sharing_placements_status', table_name='sharing_placements')
    op.drop_index('ix_sharing_placements_shortage_id', table_name='sharing_placements')
    op.drop_index('ix_sharing_placements_surplus_id', table_name='sharing_placements')
    op.drop_table('sharing_placements')
    op.drop_index('ix_surplus_workers_declaration_id', table_name='surplus_workers')
    op.drop_table('surplus_workers')
    op.drop_index('ix_staffing_declarations_open', table_name='staffing_declarations')
    op.drop_index('ix_staffing_declarations_kind', table_name='staffing_declarations')
    op.drop_index('ix_staffing_declarations_enterprise_id', table_name='staffing_declarations')
    op.drop_table('staffing_declarations')
