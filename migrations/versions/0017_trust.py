"""trust: complaints, sanctions, the abnormal-entity list; account labels and agency posts

Revision ID: 0017_trust
Revises: 0016_verification_codes
Create Date: 2026-12-07 13:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0017_trust'
down_revision = '0016_verification_codes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'sanctions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('enterprise_id', sa.Integer(), nullable=False),
        sa.Column('level', sa.Enum('warning', 'throttle', 'takedown', 'closure', name='sanctionlevel',
                                   native_enum=False, length=24), nullable=False),
        sa.Column('reason', sa.String(length=500), nullable=False),
        sa.Column('evidence', sa.Text(), nullable=False),
        sa.Column('post_limit', sa.Integer(), nullable=True),
        sa.Column('until', sa.DateTime(), nullable=True),
        sa.Column('post_ids', sa.JSON(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('appeal_text', sa.Text(), nullable=False),
        sa.Column('appealed_at', sa.DateTime(), nullable=True),
        sa.Column('lifted_at', sa.DateTime(), nullable=True),
        sa.Column('lifted_by_id', sa.Integer(), nullable=True),
        sa.Column('lift_reason', sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id']),
        sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id']),
        sa.ForeignKeyConstraint(['lifted_by_id'], ['users.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_sanctions_enterprise_id', 'sanctions', ['enterprise_id'])
    op.create_table(
        'complaints',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('complainant_id', sa.Integer(), nullable=True),
        sa.Column('target_kind', sa.String(length=16), nullable=False),
        sa.Column('target_id', sa.Integer(), nullable=False),
        sa.Column('enterprise_id', sa.Integer(), nullable=True),
        sa.Column('reason', sa.String(length=24), nullable=False),
        sa.Column('detail', sa.Text(), nullable=False),
        sa.Column('evidence_name', sa.String(length=200), nullable=False),
        sa.Column('evidence_path', sa.String(length=300), nullable=False),
        sa.Column('evidence_type', sa.String(length=40), nullable=False),
        sa.Column('evidence_sha256', sa.String(length=64), nullable=False),
        sa.Column('status', sa.Enum('open', 'upheld', 'dismissed', name='complaintstatus', native_enum=False,
                                    length=24), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('due_at', sa.DateTime(), nullable=False),
        sa.Column('handled_by_id', sa.Integer(), nullable=True),
        sa.Column('handled_at', sa.DateTime(), nullable=True),
        sa.Column('resolution', sa.String(length=500), nullable=False),
        sa.Column('sanction_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['complainant_id'], ['users.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id']),
        sa.ForeignKeyConstraint(['handled_by_id'], ['users.id']),
        sa.ForeignKeyConstraint(['sanction_id'], ['sanctions.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_complaints_complainant_id', 'complaints', ['complainant_id'])
    op.create_index('ix_complaints_enterprise_id', 'complaints', ['enterprise_id'])
    op.create_index('ix_complaints_status', 'complaints', ['status'])
    op.create_index('ix_complaints_target', 'complaints', ['target_kind', 'target_id'])
    op.create_table(
        'abnormal_entities',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('shown', sa.String(length=32), nullable=False),
        sa.Column('reason', sa.String(length=500), nullable=False),
        sa.Column('enterprise_id', sa.Integer(), nullable=True),
        sa.Column('sanction_id', sa.Integer(), nullable=True),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('removed_at', sa.DateTime(), nullable=True),
        sa.Column('removed_by_id', sa.Integer(), nullable=True),
        sa.Column('removed_reason', sa.String(length=500), nullable=False),
        sa.Column('hits', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id']),
        sa.ForeignKeyConstraint(['enterprise_id'], ['enterprises.id']),
        sa.ForeignKeyConstraint(['removed_by_id'], ['users.id']),
        sa.ForeignKeyConstraint(['sanction_id'], ['sanctions.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_abnormal_entities_digest', 'abnormal_entities', ['digest'])
    with op.batch_alter_table('enterprises', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('account_label', sa.Enum('employer', 'public', 'agency',
                                                               name='accountlabel', native_enum=False,
                                                               length=24),
                                      server_default='employer', nullable=False))
        batch_op.add_column(sa.Column('agency_licence_no', sa.String(length=64), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('agency_fees', sa.Text(), server_default='', nullable=False))
    with op.batch_alter_table('job_posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_name', sa.String(length=128), server_default='', nullable=False))
        batch_op.add_column(sa.Column('client_authorisation_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_job_posts_client_authorisation', 'enterprise_documents',
                                    ['client_authorisation_id'], ['id'])


def downgrade():
    with op.batch_alter_table('job_posts', schema=None) as batch_op:
        batch_op.drop_constraint('fk_job_posts_client_authorisation', type_='foreignkey')
        batch_op.drop_column('client_authorisation_id')
        batch_op.drop_column('client_name')
    with op.batch_alter_table('enterprises', schema=None) as batch_op:
        batch_op.drop_column('agency_fees')
        batch_op.drop_column('agency_licence_no')
        batch_op.drop_column('account_label')
        batch_op.drop_column('closed_at')
    op.drop_index('ix_abnormal_entities_digest', table_name='abnormal_entities')
    op.drop_table('abnormal_entities')
    op.drop_index('ix_complaints_target', table_name='complaints')
    op.drop_index('ix_complaints_status', table_name='complaints')
    op.drop_index('ix_complaints_enterprise_id', table_name='complaints')
    op.drop_index('ix_complaints_complainant_id', table_name='complaints')
    op.drop_table('complaints')
    op.drop_index('ix_sanctions_enterprise_id', table_name='sanctions')
    op.drop_table('sanctions')
