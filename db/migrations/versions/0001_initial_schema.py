"""initial schema: plans, units, work groups, indicators, task tree, monthly progress

Revision ID: 0001
Revises: 
Create Date: 2026-11-22
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('plan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('region', sa.String(length=100), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('issuing_body', sa.String(length=200), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('goals_text', sa.Text(), nullable=False),
    sa.Column('number_style', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan'))
    )
    op.create_table('unit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('short_name', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=50), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('contact_person', sa.String(length=100), nullable=False),
    sa.Column('phone', sa.String(length=100), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit')),
    sa.UniqueConstraint('name', name=op.f('uq_unit_name'))
    )
    op.create_table('indicator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('target', sa.Float(), nullable=True),
    sa.Column('measure', sa.String(length=50), nullable=False),
    sa.Column('comparator', sa.String(length=20), nullable=False),
    sa.Column('target_text', sa.String(length=300), nullable=False),
    sa.Column('lead_unit_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['lead_unit_id'], ['unit.id'], name=op.f('fk_indicator_lead_unit_id_unit'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_indicator_plan_id_plan'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator'))
    )
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_lead_unit_id'), ['lead_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_indicator_plan_id'), ['plan_id'], unique=False)

    op.create_table('task_node',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('deadline', sa.Date(), nullable=True),
    sa.Column('deadline_text', sa.String(length=200), nullable=False),
    sa.Column('remarks', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['task_node.id'], name=op.f('fk_task_node_parent_id_task_node'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_task_node_plan_id_plan'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_task_node'))
    )
    with op.batch_alter_table('task_node', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_node_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_task_node_plan_id'), ['plan_id'], unique=False)

    op.create_table('unit_alias',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_unit_alias_unit_id_unit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_alias')),
    sa.UniqueConstraint('alias', name=op.f('uq_unit_alias_alias'))
    )
    with op.batch_alter_table('unit_alias', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_alias_unit_id'), ['unit_id'], unique=False)

    op.create_table('work_group',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('convener', sa.String(length=200), nullable=False),
    sa.Column('deputy_conveners', sa.JSON(), nullable=False),
    sa.Column('office_unit_id', sa.Integer(), nullable=True),
    sa.Column('office_duties', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['office_unit_id'], ['unit.id'], name=op.f('fk_work_group_office_unit_id_unit'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['plan_id'], ['plan.id'], name=op.f('fk_work_group_plan_id_plan'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_work_group')),
    sa.UniqueConstraint('plan_id', name=op.f('uq_work_group_plan_id'))
    )
    with op.batch_alter_table('work_group', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_group_office_unit_id'), ['office_unit_id'], unique=False)

    op.create_table('indicator_actual',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('indicator_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['indicator_id'], ['indicator.id'], name=op.f('fk_indicator_actual_indicator_id_indicator'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_indicator_actual')),
    sa.UniqueConstraint('indicator_id', 'month', name=op.f('uq_indicator_actual_indicator_id'))
    )
    with op.batch_alter_table('indicator_actual', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indicator_actual_indicator_id'), ['indicator_id'], unique=False)

    op.create_table('progress',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.String(length=7), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('percent', sa.Integer(), nullable=True),
    sa.Column('progress_text', sa.Text(), nullable=False),
    sa.Column('problems', sa.Text(), nullable=False),
    sa.Column('next_steps', sa.Text(), nullable=False),
    sa.Column('reporting_unit_id', sa.Integer(), nullable=True),
    sa.Column('entered_by', sa.String(length=100), nullable=False),
    sa.Column('entered_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('percent is null or (percent >= 0 and percent <= 100)', name=op.f('ck_progress_percent')),
    sa.ForeignKeyConstraint(['reporting_unit_id'], ['unit.id'], name=op.f('fk_progress_reporting_unit_id_unit'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['task_id'], ['task_node.id'], name=op.f('fk_progress_task_id_task_node'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress')),
    sa.UniqueConstraint('task_id', 'month', name=op.f('uq_progress_task_id'))
    )
    with op.batch_alter_table('progress', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_progress_month'), ['month'], unique=False)
        batch_op.create_index(batch_op.f('ix_progress_reporting_unit_id'), ['reporting_unit_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_progress_task_id'), ['task_id'], unique=False)

    op.create_table('task_unit',
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint("role in ('lead', 'responsible')", name=op.f('ck_task_unit_role')),
    sa.ForeignKeyConstraint(['task_id'], ['task_node.id'], name=op.f('fk_task_unit_task_id_task_node'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_task_unit_unit_id_unit'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('task_id', 'role', 'unit_id', name=op.f('pk_task_unit'))
    )
    with op.batch_alter_table('task_unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_task_unit_unit_id'), ['unit_id'], unique=False)

    op.create_table('work_group_member',
    sa.Column('work_group_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_work_group_member_unit_id_unit'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['work_group_id'], ['work_group.id'], name=op.f('fk_work_group_member_work_group_id_work_group'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('work_group_id', 'unit_id', name=op.f('pk_work_group_member'))
    )
    with op.batch_alter_table('work_group_member', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_work_group_member_unit_id'), ['unit_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('work_group_member', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_work_group_member_unit_id'))

    op.drop_table('work_group_member')
    with op.batch_alter_table('task_unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_unit_unit_id'))

    op.drop_table('task_unit')
    with op.batch_alter_table('progress', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_progress_task_id'))
        batch_op.drop_index(batch_op.f('ix_progress_reporting_unit_id'))
        batch_op.drop_index(batch_op.f('ix_progress_month'))

    op.drop_table('progress')
    with op.batch_alter_table('indicator_actual', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_actual_indicator_id'))

    op.drop_table('indicator_actual')
    with op.batch_alter_table('work_group', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_work_group_office_unit_id'))

    op.drop_table('work_group')
    with op.batch_alter_table('unit_alias', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_alias_unit_id'))

    op.drop_table('unit_alias')
    with op.batch_alter_table('task_node', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_task_node_plan_id'))
        batch_op.drop_index(batch_op.f('ix_task_node_parent_id'))

    op.drop_table('task_node')
    with op.batch_alter_table('indicator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indicator_plan_id'))
        batch_op.drop_index(batch_op.f('ix_indicator_lead_unit_id'))

    op.drop_table('indicator')
    op.drop_table('unit')
    op.drop_table('plan')
