"""The web console (issue #13) in a real browser: Debian's headless Chromium driven by Playwright for
Python (launched with the system browser's path; no browser download), against iamd's /console/.

A new hire's first day, in order: first sign-in with a temporary password and the forced change under
the account's password policy; virtual MFA enrolment (the QR code's secret read from the page, the two
consecutive codes computed here with pyotp); sign-out and sign-in with MFA; access keys created (the
key checked with boto3), rotated, deactivated, deleted; switch role into a member account's role whose
trust policy requires MFA (the member account made through Organizations, as the organizations suite
does); a page the user may not see, showing why; CSRF refusals, the cookie's attributes and the
Content-Security-Policy; offboarding (the console password deleted): the open session ends and sign-in
is refused. Screenshots of a failing step are kept (CONSOLE_SCREENSHOTS, default
/tmp/iamd-console-screenshots).

Server: E2E_ENDPOINT + AWS_SHARED_CREDENTIALS_FILE when both are set (run.sh does this), else one is
started from IAMD_BIN. Needs /usr/bin/chromium (apt-get install chromium) and `pip install playwright
pyotp` (tests/run-all.sh installs them).

    python3 tests/e2e/test_console.py
"""
import functools
import json
import os
import shutil
import sys
import tempfile
import time
import unittest

import pyotp
from botocore.exceptions import ClientError
from playwright.sync_api import sync_playwright

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from e2e_common import SuiteServer, creds_of, uniq  # noqa: E402

SERVER = SuiteServer()
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = os.environ.get("CONSOLE_SCREENSHOTS", "/tmp/iamd-console-screenshots")
TEMPORARY = "Temp-Passw0rd!first"
NEW_PASSWORD = "My-Own-Passw0rd!2026"

# What a new hire may do with their own credentials (the IAM User Guide's self-management pattern:
# reference_policies_examples_iam_credentials_console), plus switching role.
SELF_MANAGE = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Sid": "OwnCredentials", "Effect": "Allow",
     "Action": ["iam:ChangePassword", "iam:GetUser", "iam:CreateAccessKey", "iam:DeleteAccessKey",
                "iam:ListAccessKeys", "iam:UpdateAccessKey", "iam:GetAccessKeyLastUsed",
                "iam:UploadSSHPublicKey", "iam:ListSSHPublicKeys", "iam:DeleteSSHPublicKey",
                "iam:ListMFADevices", "iam:EnableMFADevice", "iam:DeactivateMFADevice"],
     "Resource": "arn:aws:iam::*:user/${aws:username}"},
    {"Sid": "OwnVirtualMFADevice", "Effect": "Allow",
     "Action": ["iam:CreateVirtualMFADevice", "iam:DeleteVirtualMFADevice"],
     "Resource": "arn:aws:iam::*:mfa/${aws:username}"},
    {"Sid": "PasswordPolicy", "Effect": "Allow", "Action": "iam:GetAccountPasswordPolicy", "Resource": "*"},
    {"Sid": "SwitchRole", "Effect": "Allow", "Action": "sts:AssumeRole",
     "Resource": "arn:aws:iam::*:role/ConsoleAdmin"},
]})


def setUpModule():
    SERVER.open(skip_on_moto="moto has no console")
    if not os.path.exists(CHROMIUM):
        raise unittest.SkipTest(f"{CHROMIUM} is missing (apt-get install chromium)")


def tearDownModule():
    SERVER.close()


def shot_on_failure(fn):
    """Keeps a screenshot of the page when a step fails."""
    @functools.wraps(fn)
    def run(self, *a, **kw):
        try:
            return fn(self, *a, **kw)
        except BaseException:
            os.makedirs(SHOTS, exist_ok=True)
            path = os.path.join(SHOTS, f"{fn.__name__}.png")
            try:
                self.page.screenshot(path=path, full_page=True)
                print(f"\nscreenshot of the failing page: {path} ({self.page.url})", file=sys.stderr)
            except Exception as e:  # the page itself may be gone
                print(f"\nno screenshot: {e}", file=sys.stderr)
            raise
    return run


class Console(unittest.TestCase):
    """The steps share one browser and one new hire, in the order of their names."""

    @classmethod
    def setUpClass(cls):
        cls.endpoint = SERVER.endpoint
        cls.base = cls.endpoint.rstrip("/") + "/console"
        cls.iam = SERVER.client("iam")
        cls.sts = SERVER.client("sts")
        cls.acct = cls.sts.get_caller_identity()["Account"]
        cls.iam.update_account_password_policy(
            MinimumPasswordLength=14, RequireSymbols=True, RequireNumbers=True,
            RequireUppercaseCharacters=True, RequireLowercaseCharacters=True,
            AllowUsersToChangePassword=True)
        cls.user = uniq("newhire")
        cls.iam.create_user(UserName=cls.user)
        cls.iam.create_login_profile(UserName=cls.user, Password=TEMPORARY, PasswordResetRequired=True)
        cls.iam.put_user_policy(UserName=cls.user, PolicyName="self-manage", PolicyDocument=SELF_MANAGE)
        cls.member = cls.member_account_with_mfa_role()
        cls.playwright = sync_playwright().start()
        cls.profile = tempfile.mkdtemp(prefix="iamd-console-chromium-")
        cls.context = cls.playwright.chromium.launch_persistent_context(
            cls.profile, executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        cls.page = cls.context.new_page()
        cls.seed = None

    @classmethod
    def tearDownClass(cls):
        cls.context.close()
        cls.playwright.stop()
        shutil.rmtree(cls.profile, ignore_errors=True)

    @classmethod
    def member_account_with_mfa_role(cls):
        """A member account (Organizations CreateAccount) with role ConsoleAdmin: trusted by the
        management account when MFA was used, IAMReadOnlyAccess inside."""
        orgs = SERVER.client("organizations")
        try:
            orgs.create_organization(FeatureSet="ALL")
        except ClientError as e:
            assert e.response["Error"]["Code"] == "AlreadyInOrganizationException", e.response
        name = uniq("console-member")
        member = orgs.create_account(Email=f"{name}@example.com", AccountName=name)[
            "CreateAccountStatus"]["AccountId"]
        admin = uniq("console-admin")
        cls.iam.create_user(UserName=admin)
        cls.iam.attach_user_policy(UserName=admin, PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
        k = cls.iam.create_access_key(UserName=admin)["AccessKey"]
        hop = creds_of(SERVER.client("sts", (k["AccessKeyId"], k["SecretAccessKey"])).assume_role(
            RoleArn=f"arn:aws:iam::{member}:role/OrganizationAccountAccessRole", RoleSessionName="setup"))
        member_iam = SERVER.client("iam", hop)
        trust = {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{cls.acct}:root"},
            "Action": "sts:AssumeRole",
            "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}
        member_iam.create_role(RoleName="ConsoleAdmin", AssumeRolePolicyDocument=json.dumps(trust))
        member_iam.attach_role_policy(RoleName="ConsoleAdmin",
                                      PolicyArn="arn:aws:iam::aws:policy/IAMReadOnlyAccess")
        member_iam.create_user(UserName="member-only-user")
        return member

    # -- helpers -----------------------------------------------------------------------------------

    def goto(self, path):
        return self.page.goto(self.base + path)

    def sign_in(self, password, mfa_code=None):
        self.goto("/signin")
        self.page.fill("#account", self.acct)
        self.page.fill("#username", self.user)
        self.page.fill("#password", password)
        self.page.click("#signin-submit")
        if mfa_code is not None:
            self.page.wait_for_selector("#mfa_code")
            self.page.fill("#mfa_code", mfa_code)
            self.page.click("#mfa-submit")

    def flash(self):
        return self.page.text_content("#flash").strip()

    # -- the day -----------------------------------------------------------------------------------

    @shot_on_failure
    def test_1_first_sign_in_forces_a_password_change(self):
        self.sign_in(TEMPORARY)
        self.assertTrue(self.page.url.endswith("/console/password"), self.page.url)
        self.assertIn("must change your password", self.page.text_content("#password-reason"))
        # Any other page leads back here until the password is changed.
        self.goto("/security")
        self.assertTrue(self.page.url.endswith("/console/password"), self.page.url)
        # The account's policy, with AWS's message.
        self.page.fill("#old_password", TEMPORARY)
        self.page.fill("#new_password", "too-short")
        self.page.fill("#confirm_password", "too-short")
        self.page.click("#password-submit")
        error = self.page.text_content("#password-error")
        self.assertIn("PasswordPolicyViolation", error)
        self.page.fill("#old_password", TEMPORARY)
        self.page.fill("#new_password", NEW_PASSWORD)
        self.page.fill("#confirm_password", NEW_PASSWORD)
        self.page.click("#password-submit")
        self.assertTrue(self.page.url.endswith("/console/"), self.page.url)
        self.assertEqual(self.flash(), "Your password has been changed.")
        profile = self.iam.get_login_profile(UserName=self.user)["LoginProfile"]
        self.assertFalse(profile.get("PasswordResetRequired", False))

    @shot_on_failure
    def test_2_enrols_a_virtual_mfa_device(self):
        self.goto("/security")
        self.assertEqual(self.page.text_content("#no-mfa").strip(), "No MFA device assigned.")
        self.page.click("#mfa-assign")
        self.page.wait_for_selector("#mfa-qr svg")
        secret = self.page.text_content("#mfa-secret").strip()
        serial = self.page.text_content("#mfa-serial").strip()
        self.assertEqual(serial, f"arn:aws:iam::{self.acct}:mfa/{self.user}")
        # Two consecutive codes, computed here from the secret the page showed (the previous two
        # steps, so the current one is still unused for the next sign-in).
        totp = pyotp.TOTP(secret)
        now = time.time()
        self.page.fill("#code1", totp.at(now - 60))
        self.page.fill("#code2", totp.at(now - 30))
        self.page.click("#mfa-enable")
        self.assertEqual(self.flash(), "MFA device assigned.")
        self.assertEqual(self.page.locator(".mfa-device").count(), 1)
        devices = self.iam.list_mfa_devices(UserName=self.user)["MFADevices"]
        self.assertEqual([d["SerialNumber"] for d in devices], [serial])
        type(self).seed = secret

    @shot_on_failure
    def test_3_signs_in_with_mfa(self):
        self.page.click("#signout")
        self.assertTrue(self.page.url.endswith("/console/signin"), self.page.url)
        # A wrong code is refused with AWS's one message.
        self.sign_in(NEW_PASSWORD, mfa_code="000000")
        self.assertEqual(self.page.text_content("#signin-error").strip(),
                         "Your authentication information is incorrect. Please try again.")
        self.sign_in(NEW_PASSWORD, mfa_code=pyotp.TOTP(self.seed).now())
        self.assertTrue(self.page.url.endswith("/console/"), self.page.url)
        self.assertEqual(self.page.text_content("#home-mfa").strip(), "used at sign-in")

    @shot_on_failure
    def test_4_creates_rotates_and_deletes_access_keys(self):
        self.goto("/security")
        self.page.click("#key-create")
        first = self.page.text_content("#new-key-id").strip()
        secret = self.page.text_content("#new-key-secret").strip()
        # The key works with boto3, as the user.
        who = SERVER.client("sts", (first, secret)).get_caller_identity()
        self.assertEqual(who["Arn"], f"arn:aws:iam::{self.acct}:user/{self.user}")
        self.page.click("#key-done")
        # The README's picture (docs/console-security-credentials.png) is this page:
        # CONSOLE_DOCS_SCREENSHOT=docs/console-security-credentials.png refreshes it.
        if os.environ.get("CONSOLE_DOCS_SCREENSHOT"):
            self.page.set_viewport_size({"width": 1100, "height": 720})
            self.page.screenshot(path=os.environ["CONSOLE_DOCS_SCREENSHOT"])
        # Rotation: a second key, the first deactivated (refused by the API), then deleted.
        self.page.click("#key-create")
        second = self.page.text_content("#new-key-id").strip()
        second_secret = self.page.text_content("#new-key-secret").strip()
        self.page.click("#key-done")
        row = self.page.locator(f"tr.access-key[data-key='{first}']")
        row.locator(".key-deactivate").click()
        self.assertIn("is now inactive", self.flash())
        self.assertEqual(self.page.locator(f"tr.access-key[data-key='{first}'] .key-status").text_content(),
                         "Inactive")
        with self.assertRaises(ClientError) as refused:
            SERVER.client("sts", (first, secret)).get_caller_identity()
        self.assertEqual(refused.exception.response["Error"]["Code"], "InvalidClientTokenId")
        self.page.locator(f"tr.access-key[data-key='{first}'] .key-delete").click()
        self.assertIn("deleted", self.flash())
        keys = [k["AccessKeyId"] for k in self.iam.list_access_keys(UserName=self.user)["AccessKeyMetadata"]]
        self.assertEqual(keys, [second])
        SERVER.client("sts", (second, second_secret)).get_caller_identity()
        self.page.locator(f"tr.access-key[data-key='{second}'] .key-delete").click()
        self.assertEqual(self.iam.list_access_keys(UserName=self.user)["AccessKeyMetadata"], [])

    @shot_on_failure
    def test_5_a_denied_page_says_why(self):
        self.goto("/users")
        self.assertEqual(self.page.text_content("#denied-code").strip(), "AccessDenied")
        message = self.page.text_content("#denied-message")
        self.assertIn(f"User: arn:aws:iam::{self.acct}:user/{self.user} is not authorized to perform: "
                      "iam:ListUsers", message)
        self.assertIn("because no identity-based policy allows the iam:ListUsers action", message)

    @shot_on_failure
    def test_6_switches_into_a_member_account_role_that_requires_mfa(self):
        self.page.click("#switch-role-link")
        self.page.fill("#switch-account", self.member)
        self.page.fill("#switch-role", "ConsoleAdmin")
        self.page.fill("#switch-display", "member-admin")
        self.page.click("#switch-submit")
        self.assertEqual(self.page.text_content("#active-role").strip(), "member-admin")
        self.assertIn(f"arn:aws:sts::{self.member}:assumed-role/ConsoleAdmin/{self.user}",
                      self.page.text_content("#home-caller"))
        # The member account's users, through the role's IAMReadOnlyAccess.
        self.goto("/users")
        self.assertEqual(self.page.locator("#denied").count(), 0)
        self.assertIn("member-only-user", self.page.text_content("#list"))
        # The Findings page: `iamd audit`'s checks run as the role session (iamd-audit beside
        # iamd), its table or "No findings", never an error.
        self.page.click("nav a[href='/console/findings']")
        self.assertEqual(self.page.locator("#findings-error").count(), 0,
                         self.page.locator("#findings-error").all_text_contents())
        self.assertEqual(self.page.locator("#findings").count() + self.page.locator("#findings-none").count(), 1)
        self.goto("/")
        self.assertIn("member-admin", self.page.text_content("#recent-roles"))
        self.page.click("#switch-back")
        self.assertEqual(self.page.locator("#active-role").count(), 0)
        self.goto("/users")
        self.assertEqual(self.page.text_content("#denied-code").strip(), "AccessDenied")

    @shot_on_failure
    def test_7_csrf_cookie_and_content_security_policy(self):
        response = self.goto("/security")
        csp = response.headers["content-security-policy"]
        self.assertIn("frame-ancestors 'none'", csp)
        self.assertIn("default-src 'none'", csp)
        self.assertNotIn("unsafe-inline", csp)
        self.assertEqual(response.headers["x-frame-options"], "DENY")
        cookie = {c["name"]: c for c in self.context.cookies()}["iamd-console"]
        self.assertTrue(cookie["httpOnly"])
        self.assertEqual(cookie["sameSite"], "Lax")
        self.assertEqual(cookie["path"], "/")
        # The page's script cannot read the session cookie.
        self.assertNotIn("iamd-console=", self.page.evaluate("document.cookie"))
        # A tampered token: refused, nothing created.
        self.page.evaluate("document.querySelector('#key-create-form input[name=csrf]').value = 'forged'")
        self.page.click("#key-create")
        self.assertIn("CSRF", self.page.text_content("#denied-message"))
        # A request without the token (what a cross-site form would send with the cookie).
        r = self.page.request.post(self.base + "/security/keys/create", form={"x": "1"})
        self.assertEqual(r.status, 403)
        self.assertEqual(self.iam.list_access_keys(UserName=self.user)["AccessKeyMetadata"], [])

    @shot_on_failure
    def test_8_an_offboarded_user_is_refused(self):
        self.iam.delete_login_profile(UserName=self.user)
        self.goto("/")
        self.assertTrue(self.page.url.endswith("/console/signin?ended=1"), self.page.url)
        self.assertIn("Your session has ended", self.page.text_content("#signin-error"))
        self.sign_in(NEW_PASSWORD)
        self.assertEqual(self.page.text_content("#signin-error").strip(),
                         "Your authentication information is incorrect. Please try again.")


if __name__ == "__main__":
    unittest.main(verbosity=2)
