"""responsible leaders (责任领导 / 牵头县领导) of task nodes: people, in order, never units

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('task_node', schema=None) as batch_op:
        batch_op.add_column(sa.Column('responsible_leaders', sa.JSON(), nullable=False,
                                      server_default='[]'))


def downgrade() -> None:
    with op.batch_alter_table('task_node', schema=None) as batch_op:
        batch_op.drop_column('responsible_leaders')
