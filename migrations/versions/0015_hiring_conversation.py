"""the hiring conversation: notification settings, the outbound message queue, interviews, messages inside an
application and the phone-number exchange

Revision ID: 0015_hiring_conversation
Revises: 0014_talent_pool
Create Date: 2026-11-30 05:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = '0015_hiring_conversation'
down_revision = '0014_talent_pool'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'notification_settings',
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=120), nullable=False),
        sa.Column('channels', sa.JSON(), nullable=False),
        sa.Column('quiet_start', sa.SmallInteger(), nullable=True),
        sa.Column('quiet_end', sa.SmallInteger(), nullable=True),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('user_id'),
    )
    op.create_table(
        'outbound_messages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=16), nullable=False),
        sa.Column('kind', sa.String(length=24), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('link', sa.String(length=300), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('send_after', sa.DateTime(), nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=True),
        sa.Column('failed_at', sa.DateTime(), nullable=True),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('last_error', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('outbound_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbound_messages_send_after'), ['send_after'])
        batch_op.create_index(batch_op.f('ix_outbound_messages_user_id'), ['user_id'])
    op.create_table(
        'interviews',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('application_id', sa.Integer(), nullable=False),
        sa.Column('proposed_by_id', sa.Integer(), nullable=True),
        sa.Column('slots', sa.JSON(), nullable=False),
        sa.Column('mode', sa.String(length=16), nullable=False),
        sa.Column('place', sa.String(length=200), nullable=False),
        sa.Column('link', sa.String(length=300), nullable=False),
        sa.Column('contact', sa.String(length=100), nullable=False),
        sa.Column('note', sa.String(length=500), nullable=False),
        sa.Column('status', sa.Enum('proposed', 'accepted', 'reschedule', 'declined', 'cancelled', 'attended',
                                    'no_show', name='interviewstatus', native_enum=False, length=24),
                  nullable=False),
        sa.Column('starts_at', sa.DateTime(), nullable=True),
        sa.Column('seeker_note', sa.String(length=300), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('answered_at', sa.DateTime(), nullable=True),
        sa.Column('reminded_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['application_id'], ['applications.id']),
        sa.ForeignKeyConstraint(['proposed_by_id'], ['users.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('interviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interviews_application_id'), ['application_id'])
    op.create_table(
        'application_messages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('application_id', sa.Integer(), nullable=False),
        sa.Column('sender_id', sa.Integer(), nullable=True),
        sa.Column('from_firm', sa.Boolean(), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('risks', sa.JSON(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('read_at', sa.DateTime(), nullable=True),
        sa.Column('reported_at', sa.DateTime(), nullable=True),
        sa.Column('reported_by_id', sa.Integer(), nullable=True),
        sa.Column('report_reason', sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(['application_id'], ['applications.id']),
        sa.ForeignKeyConstraint(['reported_by_id'], ['users.id']),
        sa.ForeignKeyConstraint(['sender_id'], ['users.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('application_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_messages_application_id'), ['application_id'])
        batch_op.create_index(batch_op.f('ix_application_messages_created_at'), ['created_at'])
    op.create_table(
        'contact_exchanges',
        sa.Column('application_id', sa.Integer(), nullable=False),
        sa.Column('seeker_agreed_at', sa.DateTime(), nullable=True),
        sa.Column('firm_agreed_at', sa.DateTime(), nullable=True),
        sa.Column('firm_phone', sa.String(length=20), nullable=False),
        sa.Column('virtual_number', sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(['application_id'], ['applications.id']),
        sa.PrimaryKeyConstraint('application_id'),
    )


def downgrade():
    op.drop_table('contact_exchanges')
    op.drop_table('application_messages')
    op.drop_table('interviews')
    op.drop_table('outbound_messages')
    op.drop_table('notification_settings')
