"""ad profile rows get an id, so the user can page through them like any other records

Revision ID: 0003
Revises: 0002

`ad_segments` was keyed by (user_id, segment). The data API and the access copy page every
category by (user_id, time, id), so the table gets a surrogate id as its primary key; the
pair stays unique, which the ingest upsert needs. Existing rows keep their values and get
ids in the order they were last updated.

SQLite cannot change a primary key in place, so there the table is rebuilt and the rows
copied (ids come from SQLite's rowid). PostgreSQL changes it in place: a BIGSERIAL column
numbers the existing rows and its sequence gets the name a fresh table's would have.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_TABLE = "ad_segments"
_REBUILT = "_ad_segments_rebuilt"
_UNIQUE = "uq_ad_segments_user_segment"
_PAGE_INDEX = "ix_ad_segments_page"
_COPIED = "user_id, segment, score, updated_at"


def _is_sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _common_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("segment", sa.String(length=100), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def _rebuild_on_sqlite(*table_args: sa.Column[object] | sa.Constraint, order_by: str) -> None:
    op.create_table(_REBUILT, *table_args)
    op.execute(
        f"INSERT INTO {_REBUILT} ({_COPIED}) SELECT {_COPIED} FROM {_TABLE} ORDER BY {order_by}"
    )
    op.drop_table(_TABLE)
    op.rename_table(_REBUILT, _TABLE)


def upgrade() -> None:
    if _is_sqlite():
        _rebuild_on_sqlite(
            sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
            *_common_columns(),
            sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("user_id", "segment", name=_UNIQUE),
            order_by="updated_at, user_id, segment",
        )
    else:
        op.drop_constraint("ad_segments_pkey", _TABLE, type_="primary")
        op.execute(f"ALTER TABLE {_TABLE} ADD COLUMN id BIGSERIAL NOT NULL")
        op.create_primary_key("ad_segments_pkey", _TABLE, ["id"])
        op.create_unique_constraint(_UNIQUE, _TABLE, ["user_id", "segment"])
    op.create_index(_PAGE_INDEX, _TABLE, ["user_id", "updated_at", "id"], unique=False)


def downgrade() -> None:
    op.drop_index(_PAGE_INDEX, table_name=_TABLE)
    if _is_sqlite():
        _rebuild_on_sqlite(
            *_common_columns(),
            sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="CASCADE"),
            sa.PrimaryKeyConstraint("user_id", "segment"),
            order_by="user_id, segment",
        )
    else:
        op.drop_constraint(_UNIQUE, _TABLE, type_="unique")
        op.drop_constraint("ad_segments_pkey", _TABLE, type_="primary")
        op.drop_column(_TABLE, "id")
        op.create_primary_key("ad_segments_pkey", _TABLE, ["user_id", "segment"])
