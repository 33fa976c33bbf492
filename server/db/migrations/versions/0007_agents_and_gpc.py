"""authorised agents over the Data Rights Protocol, and Global Privacy Control

Revision ID: 0007
Revises: 0006

R6: agents registered by the operator, their DRP bearer tokens, the account holder's
authorisations, a replay guard for signed agent messages, and which requests an agent
filed. GPC: whether the user honours the signal, and who set each choice (the user or a
signal) so that the user's explicit later choice wins.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("honour_gpc", sa.Boolean(), nullable=False, server_default="1")
        )
    with op.batch_alter_table("choice_values", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("origin", sa.String(length=16), nullable=False, server_default="user")
        )
        batch_op.add_column(sa.Column("origin_client", sa.String(length=200), nullable=True))
        batch_op.add_column(
            sa.Column("gpc_overridden", sa.Boolean(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("choice_changes", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("origin", sa.String(length=16), nullable=False, server_default="user")
        )
    op.create_table(
        "agents",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("verify_key", sa.String(length=100), nullable=False),
        sa.Column("web_url", sa.Text(), nullable=False),
        sa.Column("callback_prefix", sa.Text(), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "agent_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("agent_id", sa.String(length=64), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    op.create_index("ix_agent_tokens_agent_id", "agent_tokens", ["agent_id"])
    op.create_table(
        "agent_authorisations",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("agent_id", sa.String(length=64), nullable=False),
        sa.Column("kinds", sa.String(length=100), nullable=False),
        sa.Column("granted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_agent_authorisations_user_agent", "agent_authorisations", ["user_id", "agent_id"]
    )
    op.create_table(
        "agent_messages",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("agent_id", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("digest"),
    )
    op.create_index("ix_agent_messages_expires_at", "agent_messages", ["expires_at"])
    op.create_table(
        "agent_requests",
        sa.Column("request_id", sa.String(length=32), nullable=False),
        sa.Column("agent_id", sa.String(length=64), nullable=False),
        sa.Column("authorisation_id", sa.String(length=32), nullable=False),
        sa.Column("agent_request_id", sa.String(length=200), nullable=True),
        sa.Column("status_callback", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["request_id"], ["privacy_requests.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["agent_id"], ["agents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("request_id"),
    )
    op.create_index("ix_agent_requests_agent", "agent_requests", ["agent_id", "agent_request_id"])


def downgrade() -> None:
    op.drop_index("ix_agent_requests_agent", table_name="agent_requests")
    op.drop_table("agent_requests")
    op.drop_index("ix_agent_messages_expires_at", table_name="agent_messages")
    op.drop_table("agent_messages")
    op.drop_index("ix_agent_authorisations_user_agent", table_name="agent_authorisations")
    op.drop_table("agent_authorisations")
    op.drop_index("ix_agent_tokens_agent_id", table_name="agent_tokens")
    op.drop_table("agent_tokens")
    op.drop_table("agents")
    with op.batch_alter_table("choice_changes", schema=None) as batch_op:
        batch_op.drop_column("origin")
    with op.batch_alter_table("choice_values", schema=None) as batch_op:
        batch_op.drop_column("gpc_overridden")
        batch_op.drop_column("origin_client")
        batch_op.drop_column("origin")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("honour_gpc")
