"""Archived projects are read-only for everyone: one gate for every page that changes a project.

The gate sits at the request level, not in each view, so that a page added later cannot forget it:
any POST/PUT/PATCH/DELETE to a page under /projects/<project_id>/ is refused with 403 naming the
reason while the project is archived. API views are gated the same way by
`ProjectWritable`, a default DRF permission (DRF authenticates tokens inside the view, after
middleware has run). The few changes an archived project still allows (unarchive, delete, copying
its codebook into a new project) are marked with `allowed_when_archived`.
"""

from django.core.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission

from coding.permissions import archived_refusal


def allowed_when_archived(view):
    """Mark a page view that may still change an archived project (unarchive, delete, copy)."""
    view.allowed_when_archived = True
    return view


class ArchivedProjectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in SAFE_METHODS or "project_id" not in view_kwargs:
            return None
        if getattr(view_func, "cls", None) is not None or getattr(view_func, "allowed_when_archived", False):
            return None  # API views: ProjectWritable; marked pages: allowed
        reason = archived_refusal(request.user, view_kwargs["project_id"])
        if reason is not None:
            raise PermissionDenied(str(reason))
        return None


class ProjectWritable(BasePermission):
    """The same gate for the API, as a default permission class so every API view has it without
    opting in. A view lists the actions (or HTTP methods, lower case) still allowed on an archived
    project in `allowed_when_archived`. Outsiders pass here and get the view's own 404."""

    def has_permission(self, request, view):
        project_id = getattr(view, "kwargs", {}).get("project_id")
        if request.method in SAFE_METHODS or project_id is None:
            return True
        allowed = getattr(view, "allowed_when_archived", ())
        if getattr(view, "action", None) in allowed or request.method.lower() in allowed:
            return True
        reason = archived_refusal(request.user, project_id)
        if reason is not None:
            self.message = str(reason)
            return False
        return True
