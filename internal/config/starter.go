package config

// Starter is the commented configuration "nclint config init" writes. Every
// key is commented out, so it changes nothing until edited.
const Starter = `# nclint configuration. Every key is optional; see the README, "Configuration".
# Unknown keys and wrong types are errors (exit code 2).

# Rule levels, by ID or name: off | note | warning | error.
# rules:
#   NC903: off
#   certificate-expiring-soon: error

# Components that exist in the org but are not in this repository. Rules treat
# them as present instead of reporting missing references.
# org:
#   named_credentials: [Billing_API]
#   external_credentials: [Legacy_EC]
#   certificates: [prod_mtls_2026]
#   permission_sets: [Manually_Managed_PS]
#   external_services: [OpenAiGpt40]
#   auth_providers: [Google]
#   granted_principals: ["Billing_EC-Service Principal"]   # granted on profiles or by hand

# Sources kept in this repository that run in another namespace (NC401).
# namespaces:
#   - path: "vendor/acme/**"
#     namespace: acme

# Managed packages installed in the org, and the named credentials of this
# project that each one calls (NC401 checks their allowlists).
# installed_packages:
#   acme: [Acme_API]

# service_contexts:
#   entry_classes: [NightlySyncRunner]            # run with no interactive user (NC201)
#   integration_licenses: [MyCustomIntegrationPsl]  # integration-user permission sets (NC202)

# certificates:
#   expiry_warning_days: 45   # NC303; default 30

# Extra paths to skip, on top of .forceignore (doublestar patterns from the project root).
# exclude: ["**/legacy/**"]

# Approved endpoints and authentication protocols (NC608 reports named
# credentials outside them; without a policy nothing is reported).
# policy:
#   allowed_hosts: ["*.stripe.com", api.acme-billing.com]
#   allowed_protocols: [Oauth, AwsSv4]
`
