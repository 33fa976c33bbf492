"""Widgets only. Work that waits on the network, the disk or the keyring goes through tasks.py."""
