"""deadline changes (延期), close-out of reported 已完成 (销号), evidence files (佐证材料)

Entries already marked 已完成 before this revision were final when they were typed, so they
become 已销号 (closed) and nothing the office had finished turns into 待销号 by the upgrade.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('progress', schema=None) as batch_op:
        batch_op.add_column(sa.Column('closeout', sa.String(length=20), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('closeout_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('closeout_by', sa.String(length=100), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('closeout_note', sa.Text(), nullable=False,
                                      server_default=''))
    op.execute("update progress set closeout = 'closed' where status = '已完成'")

    op.create_table('deadline_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('old_deadline', sa.Date(), nullable=True),
    sa.Column('old_deadline_text', sa.String(length=200), nullable=False),
    sa.Column('new_deadline', sa.Date(), nullable=False),
    sa.Column('new_deadline_text', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('approved_by', sa.String(length=100), nullable=False),
    sa.Column('approved_on', sa.Date(), nullable=True),
    sa.Column('entered_by', sa.String(length=100), nullable=False),
    sa.Column('entered_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['task_id'], ['task_node.id'],
                            name=op.f('fk_deadline_change_task_id_task_node'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deadline_change'))
    )
    with op.batch_alter_table('deadline_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deadline_change_task_id'), ['task_id'], unique=False)

    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('media_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('added_by', sa.String(length=100), nullable=False),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['task_id'], ['task_node.id'],
                            name=op.f('fk_evidence_task_id_task_node'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence'))
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_task_id'), ['task_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_month'), ['month'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_month'))
        batch_op.drop_index(batch_op.f('ix_evidence_task_id'))
    op.drop_table('evidence')
    with op.batch_alter_table('deadline_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deadline_change_task_id'))
    op.drop_table('deadline_change')
    with op.batch_alter_table('progress', schema=None) as batch_op:
        batch_op.drop_column('closeout_note')
        batch_op.drop_column('closeout_by')
        batch_op.drop_column('closeout_on')
        batch_op.drop_column('closeout')
