"""sign-in limits shared by every API process

Revision ID: 0005
Revises: 0004

The sign-in rate limiter kept its windows in each process's memory, so N API processes let
N times the limit through. The windows now live in the database, one row per account or
client address (keyed by a SHA-256 digest), locked while an attempt is checked.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sign_in_windows",
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("key_digest", sa.String(length=64), nullable=False),
        sa.Column("attempts", sa.Text(), nullable=False),
        sa.Column("last_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("scope", "key_digest"),
    )
    op.create_index("ix_sign_in_windows_last_attempt_at", "sign_in_windows", ["last_attempt_at"])


def downgrade() -> None:
    op.drop_index("ix_sign_in_windows_last_attempt_at", table_name="sign_in_windows")
    op.drop_table("sign_in_windows")
