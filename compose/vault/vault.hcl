storage "file" {
  path = "/vault/file"
}

listener "tcp" {
  address     = "0.0.0.0:8200"
  # Demo stack only: production puts TLS here (tls_cert_file / tls_key_file) and custos.keys.vault.uri uses https.
  tls_disable = 1
}

ui            = false
disable_mlock = false
api_addr      = "http://vault:8200"
