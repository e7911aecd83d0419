"""applications: where an application came from as columns (fair, live room and segment), not text

The text column ``source_ref`` held ``fair:<id>`` or ``live:<session>:<segment>`` for fair and live
applications, and a partner's label for API ones. It becomes ``source_note`` (the label only); the fair and
live references are converted into the new columns. A reference that no longer resolves (its fair or room
deleted) is kept in the note rather than lost.

Revision ID: 0011_application_origin
Revises: 0010_outbox_parking
Create Date: 2026-11-30 02:40:00

"""
import re

import sqlalchemy as sa
from alembic import op

revision = '0011_application_origin'
down_revision = '0010_outbox_parking'
branch_labels = None
depends_on = None

FAIR_REF = re.compile(r"^fair:(\d+)$")
LIVE_REF = re.compile(r"^live:(\d+):(\d+)$")


def upgrade():
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('fair_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('live_session_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('live_segment_id', sa.Integer(), nullable=True))
        batch_op.alter_column('source_ref', new_column_name='source_note',
                              existing_type=sa.String(length=64), existing_nullable=False)
        batch_op.create_index(batch_op.f('ix_applications_fair_id'), ['fair_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_applications_live_session_id'), ['live_session_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_applications_fair_id_fairs'), 'fairs',
                                    ['fair_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_applications_live_session_id_live_sessions'),
                                    'live_sessions', ['live_session_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_applications_live_segment_id_live_segments'),
                                    'live_segments', ['live_segment_id'], ['id'], ondelete='SET NULL')

    conn = op.get_bind()
    fairs = set(conn.scalars(sa.text("SELECT id FROM fairs")))
    sessions = set(conn.scalars(sa.text("SELECT id FROM live_sessions")))
    segments = set(conn.scalars(sa.text("SELECT id FROM live_segments")))
    rows = conn.execute(sa.text(
        "SELECT id, source, source_note FROM applications WHERE source IN ('fair', 'live') AND source_note <> ''"
    )).all()
    for app_id, source, note in rows:
        values = None
        if source == 'fair' and (m := FAIR_REF.match(note)) and int(m[1]) in fairs:
            values = {'fair_id': int(m[1]), 'live_session_id': None, 'live_segment_id': None}
        elif source == 'live' and (m := LIVE_REF.match(note)) and int(m[1]) in sessions:
            segment = int(m[2]) if int(m[2]) in segments else None
            values = {'fair_id': None, 'live_session_id': int(m[1]), 'live_segment_id': segment}
        if values is not None:
            conn.execute(sa.text(
                "UPDATE applications SET fair_id = :fair_id, live_session_id = :live_session_id,"
                " live_segment_id = :live_segment_id, source_note = '' WHERE id = :id"
            ), {**values, 'id': app_id})


def downgrade():
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT id, fair_id, live_session_id, live_segment_id FROM applications"
        " WHERE fair_id IS NOT NULL OR live_session_id IS NOT NULL"
    )).all()
    for app_id, fair_id, session_id, segment_id in rows:
        note = f"live:{session_id}:{segment_id or 0}" if session_id is not None else f"fair:{fair_id}"
        conn.execute(sa.text("UPDATE applications SET source_note = :n WHERE id = :id"),
                     {'n': note, 'id': app_id})
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_applications_live_segment_id_live_segments'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_applications_live_session_id_live_sessions'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_applications_fair_id_fairs'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_applications_live_session_id'))
        batch_op.drop_index(batch_op.f('ix_applications_fair_id'))
        batch_op.alter_column('source_note', new_column_name='source_ref',
                              existing_type=sa.String(length=64), existing_nullable=False)
        batch_op.drop_column('live_segment_id')
        batch_op.drop_column('live_session_id')
        batch_op.drop_column('fair_id')
