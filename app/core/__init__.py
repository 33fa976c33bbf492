"""Plain-Python rules of the product. Imports nothing else of ours, and no Qt or HTTP."""
