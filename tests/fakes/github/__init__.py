"""A stateful fake GitHub: the issues REST API, checked against GitHub's OpenAPI description, and Projects (v2)
over GraphQL, checked against GitHub's schema; served on 127.0.0.1 for the real PyGithub and gql clients."""
