# What an archive node may do in Vault: use and manage its Transit keys (custos-kek_<tenant>_<region>), nothing else.
# The trailing * is a prefix glob, so the first rule also covers keys/<name>/rotate (rotation) and
# keys/<name>/config (min_decryption_version, i.e. retirement).
path "transit/keys/custos-kek_*" {
  capabilities = ["create", "read", "update"]
}
# encrypt/<name>, decrypt/<name>, rewrap/<name>
path "transit/+/custos-kek_*" {
  capabilities = ["update"]
}
path "transit/datakey/plaintext/custos-kek_*" {
  capabilities = ["update"]
}
