"""Messages of accounts, sign-up, invitations and first run, as constants that tests assert exactly."""

from django.utils.translation import gettext_lazy as _

SIGNUP_CLOSED = _("Sign-up is closed on this server: ask an administrator for an account.")
SIGNUP_INVITATION_ONLY = _("Accounts are made by invitation only: open the invitation link you were sent.")
SIGNUP_DOMAIN_REFUSED = _("Sign-up is open to addresses at {domains} only.")
USERNAME_TAKEN = _("That username is taken.")
EMAIL_TAKEN = _("An account with that e-mail already exists: log in instead.")
INVITATION_UNKNOWN = _("This invitation link is not valid.")
INVITATION_EXPIRED = _("This invitation has expired: ask the project's owner for a new one.")
INVITATION_USED = _("This invitation has already been used.")
INVITATION_REVOKED = _("This invitation was revoked.")
INVITATION_DAYS = _("An invitation lasts from 1 to 90 days.")
INVITATION_OWNER_ROLE = _("Invite as editor, coder or viewer; hand over ownership in the project's settings.")
ALREADY_MEMBER = _("You are already a member of this project.")
PASSWORD_WRONG = _("Your current password is not correct.")
NOT_SITE_ADMIN = _("Only a site administrator may do this.")
NOT_YOURSELF = _("You cannot deactivate your own account.")
SETUP_DONE = _("This server already has an administrator.")
INVITATION_LINK = _("a link")
RESET_LINK_INVALID = _("This reset link is no longer valid: ask for a new one.")
INVITATION_OTHER_ADDRESS = _(
    "This invitation was sent to {email}: accept it with the account of that address, or create one from "
    "this link."
)
INVITATION_EMAIL_FIXED = _("An account made from this invitation gets the address it was sent to: {email}.")
EMAIL_NOT_CONFIRMED = _("Confirm your e-mail address {email} first: we send you a link to open.")
CONFIRM_LINK_INVALID = _("This confirmation link is not valid for your account any more: ask for a new one.")
EMAIL_MISSING = _("Your account has no e-mail address: add one in your profile first.")
