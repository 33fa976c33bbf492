"""Authorised agents (R6) over the Data Rights Protocol, version 0.9.4.

An agent the operator registered (`privacy-server agent add`) files access and deletion
requests for an account holder who let it do so in the app. Every message it sends is
Ed25519-signed and checked here before anything is filed; every change of a request it
filed is reported back to it, signed with the service's own key.
"""

DRP_VERSION = "0.9.4"
