"""Routes for this resource are being written; the router is registered already."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
