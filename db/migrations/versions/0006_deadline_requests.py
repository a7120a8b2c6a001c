"""deadline requests (延期申请) that units make in their returned 回收表

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('deadline_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('requested_deadline', sa.Date(), nullable=False),
    sa.Column('requested_text', sa.String(length=200), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('file_name', sa.String(length=300), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('decided_by', sa.String(length=100), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.Column('change_id', sa.Integer(), nullable=True),
    sa.Column('entered_by', sa.String(length=100), nullable=False),
    sa.Column('entered_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['task_id'], ['task_node.id'],
                            name=op.f('fk_deadline_request_task_id_task_node'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'],
                            name=op.f('fk_deadline_request_unit_id_unit'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['change_id'], ['deadline_change.id'],
                            name=op.f('fk_deadline_request_change_id_deadline_change'),
                            ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deadline_request'))
    )
    with op.batch_alter_table('deadline_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deadline_request_task_id'), ['task_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('deadline_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deadline_request_task_id'))
    op.drop_table('deadline_request')
