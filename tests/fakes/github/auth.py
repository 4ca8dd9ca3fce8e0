"""Who a request's credentials name: a personal token, an installation token, or an App's JWT."""

from __future__ import annotations

from collections.abc import Callable

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.fakes.github.model import Caller, GitHubError
from tests.fakes.github.state import GitHubState


def app_key_pair() -> tuple[str, str]:
    """Return a fresh RSA key pair for a GitHub App: (private PEM for the service, public PEM for add_app)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    public = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    return private, public


def authenticate(fake: GitHubState, authorization: str) -> Caller:
    """Return who the Authorization header names (anonymous without one), or answer 401."""
    if not authorization:
        return Caller("anonymous")
    scheme, _, credential = authorization.partition(" ")
    if scheme.lower() not in ("token", "bearer") or not credential:
        raise GitHubError(401, "Bad credentials")
    token = fake.tokens.get(credential)
    if token is not None:
        if token.expires_at is not None and token.expires_at <= fake.clock():
            raise GitHubError(401, "Bad credentials")
        return Caller("installation" if token.installation else "user", token.login, token.installation)
    if scheme.lower() == "bearer" and credential.count(".") == 2:
        return _verify_jwt(fake, credential)
    raise GitHubError(401, "Bad credentials")


def _verify_jwt(fake: GitHubState, credential: str) -> Caller:
    # https://docs.github.com/apps/creating-github-apps/authenticating-with-a-github-app/generating-a-json-web-token-jwt-for-a-github-app
    try:
        claims = jwt.decode(credential, options={"verify_signature": False})
        app = fake.apps[int(claims["iss"])]
        jwt.decode(
            credential, app.public_key_pem, algorithms=["RS256"], options={"require": ["iat", "exp", "iss"]}
        )
    except (jwt.PyJWTError, KeyError, ValueError) as exc:
        raise GitHubError(401, f"A JSON web token could not be decoded: {exc}") from exc
    if int(claims["exp"]) - int(claims["iat"]) > 660:
        raise GitHubError(401, "'Expiration time' claim ('exp') is too far in the future")
    return Caller("app", None, None, app)


def project_owners_of(caller: Caller) -> Callable[[str], bool]:
    """Return which accounts' projects a caller reaches: an installation token only its own account's."""
    installation = caller.installation
    if caller.kind != "installation" or installation is None:
        return lambda owner: True
    return lambda owner: owner.casefold() == installation.account.casefold()
