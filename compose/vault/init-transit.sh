#!/bin/sh
# Initialise (first start), unseal (every start) and configure Vault for Custos. Idempotent.
# The unseal key and root token are kept in the vault-secrets volume: acceptable for this demo stack ONLY.
# Production: auto-unseal (cloud KMS / HSM), the root token revoked after setup, and AppRole secret ids
# delivered by the orchestrator, never from a shared volume.
set -eu
SECRETS=/vault/secrets
mkdir -p "$SECRETS"

if ! vault status -format=json 2>/dev/null | grep -q '"initialized": true'; then
  vault operator init -key-shares=1 -key-threshold=1 -format=json > "$SECRETS/init.json"
  chmod 600 "$SECRETS/init.json"
fi
UNSEAL_KEY=$(sed -n 's/.*"unseal_keys_b64": *\[ *"\([^"]*\)".*/\1/p' "$SECRETS/init.json" | head -n1)
if [ -z "$UNSEAL_KEY" ]; then
  # init.json is pretty-printed: the key is on the line after "unseal_keys_b64".
  UNSEAL_KEY=$(grep -A1 '"unseal_keys_b64"' "$SECRETS/init.json" | tail -n1 | tr -d ' ",')
fi
vault operator unseal "$UNSEAL_KEY" >/dev/null
VAULT_TOKEN=$(grep '"root_token"' "$SECRETS/init.json" | sed 's/.*: *"\([^"]*\)".*/\1/')
export VAULT_TOKEN

vault secrets list -format=json | grep -q '"transit/"' || vault secrets enable transit
vault policy write custos-transit /vault/init/custos-transit.hcl
vault auth list -format=json | grep -q '"approle/"' || vault auth enable approle
vault write auth/approle/role/custos token_policies=custos-transit token_ttl=1h token_max_ttl=24h >/dev/null
vault read -field=role_id auth/approle/role/custos/role-id > "$SECRETS/custos-role-id"
vault write -f -field=secret_id auth/approle/role/custos/secret-id > "$SECRETS/custos-secret-id"
chmod 600 "$SECRETS/custos-role-id" "$SECRETS/custos-secret-id"
echo "Vault ready: transit enabled, AppRole 'custos' written to $SECRETS"
