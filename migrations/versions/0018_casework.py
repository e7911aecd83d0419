"""casework: 一企一档 service records and the needs firms raise (企业吹哨)

Revision ID: 0018_casework
Revises: 0017_trust
Create Date: 2026-12-07 16:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0018_casework'
down_revision = '0017_trust'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'service_records',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('enterprise_id', sa.Integer(), nullable=False),
        sa.Column('specialist_id', sa.Integer(), nullable=True),
        sa.Column('kind', sa.Enum('visit', 'call', 'meeting', 'message', name='contactkind', native_enum=False,
                                  length=24), nullable=False),
        sa.Column('happened_on', sa.Date(), nullable=False),
        sa.Column('contact_person', sa.String(length=64), nullable=False),
        sa.Column('asked', sa.Text(), nullable=False),
        sa.Column('promised', sa.Text(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id']),
        sa.ForeignKeyConstraint(['specialist_id'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_service_records_enterprise_id', 'service_records', ['enterprise_id'])
    op.create_index('ix_service_records_specialist_id', 'service_records', ['specialist_id'])
    op.create_table(
        'enterprise_needs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('enterprise_id', sa.Integer(), nullable=False),
        sa.Column('raised_by_id', sa.Integer(), nullable=True),
        sa.Column('kind', sa.Enum('people', 'training', 'policy', 'fair', 'other', name='needkind',
                                  native_enum=False, length=24), nullable=False),
        sa.Column('detail', sa.Text(), nullable=False),
        sa.Column('status', sa.Enum('open', 'answered', 'closed', name='needstatus', native_enum=False,
                                    length=24), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('due_at', sa.DateTime(), nullable=False),
        sa.Column('response', sa.Text(), nullable=False),
        sa.Column('action', sa.String(length=24), nullable=False),
        sa.Column('answered_by_id', sa.Integer(), nullable=True),
        sa.Column('answered_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['answered_by_id'], ['users.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id']),
        sa.ForeignKeyConstraint(['raised_by_id'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_enterprise_needs_enterprise_id', 'enterprise_needs', ['enterprise_id'])
    op.create_index('ix_enterprise_needs_status', 'enterprise_needs', ['status'])


def downgrade():
    op.drop_index('ix_enterprise_needs_status', table_name='enterprise_needs')
    op.drop_index('ix_enterprise_needs_enterprise_id', table_name='enterprise_needs')
    op.drop_table('enterprise_needs')
    op.drop_index('ix_service_records_specialist_id', table_name='service_records')
    op.drop_index('ix_service_records_enterprise_id', table_name='service_records')
    op.drop_table('service_records')
