"""returns: workbooks sent and returned per unit and month, the ledger's signing secret

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ledger_setting',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_ledger_setting'))
    )
    op.create_table('returns_sent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=300), nullable=False),
    sa.Column('items', sa.Integer(), nullable=False),
    sa.Column('signature', sa.String(length=64), nullable=False),
    sa.Column('made_at', sa.DateTime(), nullable=False),
    sa.Column('made_by', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'],
                            name=op.f('fk_returns_sent_plan_id_plan'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'],
                            name=op.f('fk_returns_sent_unit_id_unit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_returns_sent')),
    sa.UniqueConstraint('plan_id', 'month', 'unit_id', name=op.f('uq_returns_sent_plan_id'))
    )
    with op.batch_alter_table('returns_sent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_returns_sent_plan_id'), ['plan_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_returns_sent_unit_id'), ['unit_id'], unique=False)
    op.create_table('returns_received',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sent_id', sa.Integer(), nullable=False),
    sa.Column('file_name', sa.String(length=300), nullable=False),
    sa.Column('filled_rows', sa.Integer(), nullable=False),
    sa.Column('loaded_at', sa.DateTime(), nullable=False),
    sa.Column('loaded_by', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['sent_id'], ['returns_sent.id'],
                            name=op.f('fk_returns_received_sent_id_returns_sent'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_returns_received'))
    )
    with op.batch_alter_table('returns_received', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_returns_received_sent_id'), ['sent_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('returns_received', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_returns_received_sent_id'))
    op.drop_table('returns_received')
    with op.batch_alter_table('returns_sent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_returns_sent_unit_id'))
        batch_op.drop_index(batch_op.f('ix_returns_sent_plan_id'))
    op.drop_table('returns_sent')
    op.drop_table('ledger_setting')
