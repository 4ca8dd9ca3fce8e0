"""The checks deploy/check.py runs: Kubernetes manifests, the service's rules in them, the image, compose."""
