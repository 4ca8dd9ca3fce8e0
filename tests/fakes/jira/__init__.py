"""A stateful fake Jira (Cloud or Data Center), served on 127.0.0.1 for the real `jira` client and checked against
the official REST description."""
