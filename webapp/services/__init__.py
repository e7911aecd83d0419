"""Use cases: every state change and non-trivial query. No request, session or template here."""


class ServiceError(Exception):
    """A rule the user broke; ``message`` is Chinese and safe to show."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class NotFound(ServiceError):
    def __init__(self, message: str = "未找到") -> None:
        super().__init__(message, code="not_found")


class Forbidden(ServiceError):
    def __init__(self, message: str = "没有权限") -> None:
        super().__init__(message, code="forbidden")
