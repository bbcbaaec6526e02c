"""The product's URLs plus two bench-only views, never in the product's URLconf: a trivial view (what the
framework alone costs per request) and a sign-in by username for locust's simulated users, so the load test
measures the pages and not the password hashing and two-factor steps of signing in."""

from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from caseworks.urls import urlpatterns as product_urlpatterns


def trivial(request):
    """Behind the same middleware as the pages (a signed-in user's session, security checks), nothing else."""
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
def bench_sign_in(request, username):
    user = get_user_model().objects.get(username=username)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return HttpResponse("signed in", content_type="text/plain")


urlpatterns = [
    path("bench/trivial/", trivial),
    path("bench/sign-in/<str:username>/", bench_sign_in),
    *product_urlpatterns,
]
