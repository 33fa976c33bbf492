"""refresh tokens remember the token they were exchanged for

Revision ID: 0004
Revises: 0003

A refresh whose answer is lost on the way back leaves the app holding a token the service
already marked as used. Presented again within a short grace period, and while the token it
was exchanged for has never been used, that is a retry rather than a replay; telling the
two apart needs the link from a used token to its successor. Existing rows have none, which
is treated as "no retry possible": they behave exactly as before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("replaced_by_id", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
        batch_op.drop_column("replaced_by_id")
