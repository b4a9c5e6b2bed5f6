"""The provider's sign-in and callback (allauth's, with our verifying adapter), and the first
sign-in's profile form with the no-JavaScript commune step."""

import logging

import requests
from allauth.account.internal.decorators import login_not_required
from allauth.core import ratelimit
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.views import SignupView as AllauthSocialSignupView
from django.http import Http404

from home.oidc.provider import OpenIDConnectAdapter
from home.views import PASSWORD_FIELDS, SHOW_COMMUNES

logger = logging.getLogger("elearn.accounts")


def _provider_unreachable(request, provider_id: str, error: requests.RequestException):
    """A provider that does not answer (or answers an error) while we fetch its configuration,
    keys or tokens: a message and a way back instead of a server error."""
    logger.warning("identity provider %s unreachable: %s", provider_id, type(error).__name__)
    provider = get_adapter(request).get_provider(request, provider_id)
    return render_authentication_error(request, provider, exception=error)


def _adapter_view(view_class, request, provider_id: str):
    try:
        view = view_class.adapter_view(OpenIDConnectAdapter(request, provider_id))
        return view(request)
    except SocialApp.DoesNotExist as error:
        raise Http404 from error
    except requests.RequestException as error:
        return _provider_unreachable(request, provider_id, error)


@login_not_required
def login(request, provider_id: str):
    """Sends the learner to the provider; the sign-in counts against the login rate limit."""
    if request.method == "POST":
        limited = ratelimit.consume_or_429(request, action="login")
        if limited:
            return limited
    return _adapter_view(OAuth2LoginView, request, provider_id)


@login_not_required
def callback(request, provider_id: str):
    return _adapter_view(OAuth2CallbackView, request, provider_id)


class SocialSignupView(AllauthSocialSignupView):
    """The first sign-in's profile form, plus the no-JavaScript step that fills the commune
    list (as on the sign-up page)."""

    def post(self, request, *args, **kwargs):
        if SHOW_COMMUNES in request.POST:
            typed = {
                key: request.POST.get(key) for key in request.POST if key not in PASSWORD_FIELDS
            }
            form = self.get_form_class()(sociallogin=self.sociallogin, typed=typed)
            return self.render_to_response(self.get_context_data(form=form))
        return super().post(request, *args, **kwargs)


signup = SocialSignupView.as_view()
