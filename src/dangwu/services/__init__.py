"""The verbs: each validates with rules/, writes one transaction through store/, and audits."""
