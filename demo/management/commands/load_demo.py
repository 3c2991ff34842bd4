"""`manage.py load_demo`: load the fictional demo study from demo/data/ and print its logins.

Idempotent: every row is looked up by its natural key first (user by username; project by name
and creator; membership by project and user; code by parent and name; attribute and case by
name; attribute value by case and attribute; document by title; coding by document, code, coder
and span) and created only when missing, so a second run changes nothing. Rows are created
through the write services, which validate and normalise (documents become NFC with `\\n`);
transcripts go through the file import, which finds their speaker turns.

Codings are described in study.json by quote and occurrence, not offsets: the loader finds the
quote in the stored text and computes code-point offsets, and stops, naming the coding, when a
quote is missing.
"""

import datetime
import json
import secrets
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

from analysis.models import CodeMeasure, CoderScope, QCAStudy, SetSource
from analysis.studies import services as study_services
from analysis.studies.runs import run_create
from cases import services as case_services
from cases.models import Attribute, AttributeValue, Case
from coding.codebook import services as codebook_services
from coding.codings import services as coding_services
from coding.documents import services as document_services
from coding.models import Code, Coding, Document, Membership, Project, Role
from coding.offsets import normalize_text
from coding.projects import services as project_services

DEMO_DIR = Path(__file__).resolve().parents[2] / "data"
PATH_SEPARATOR = "/"


class DemoDataError(CommandError):
    pass


def find_occurrence(text, quote, occurrence):
    """Code-point offset of the given 1-based occurrence of quote in text (overlapping matches count)."""
    position = -1
    for _number in range(occurrence):
        position = text.find(quote, position + 1)
        if position == -1:
            return None
    return position


class Loader:
    def __init__(self, study, directory):
        self.study = study
        self.directory = Path(directory)
        self.created = {}
        self.users = {}
        self.codes = {}
        self.attributes = {}
        self.cases = {}
        self.documents = {}

    def count(self, model, created):
        """Tally one natural-key lookup of a model's row, and whether it had to be created."""
        self.created[model] = self.created.get(model, 0) + (1 if created else 0)

    def load(self):
        self.load_users()
        self.load_project()
        self.load_codebook(self.study["codebook"], parent=None, path="")
        self.load_attributes()
        self.load_cases()
        self.load_documents()
        self.load_codings()
        self.load_qca_study()
        return self.created

    def load_users(self):
        User = get_user_model()
        for entry in self.study["users"]:
            user = User.objects.filter(username=entry["username"]).first()
            self.count(User, user is None)
            if user is None:
                user = User.objects.create_user(
                    username=entry["username"],
                    email=entry.get("email", ""),
                    password=entry["password"],
                    first_name=entry.get("first_name", ""),
                    last_name=entry.get("last_name", ""),
                )
            self.users[entry["username"]] = user

    def owner(self):
        owners = [entry["username"] for entry in self.study["users"] if entry["role"] == Role.OWNER]
        if not owners:
            raise DemoDataError("study.json names no owner")
        return self.users[owners[0]]

    def first_with_role(self, role):
        for entry in self.study["users"]:
            if entry["role"] == role:
                return self.users[entry["username"]]
        return self.owner()

    def load_project(self):
        owner = self.owner()
        data = self.study["project"]
        project = Project.objects.filter(name=data["name"], created_by=owner).order_by("id").first()
        self.count(Project, project is None)
        if project is None:
            project = project_services.project_create(
                name=data["name"], description=data.get("description", ""), owner=owner
            )
        self.project = project
        members = set(Membership.objects.filter(project=project).values_list("user_id", flat=True))
        for entry in self.study["users"]:
            user = self.users[entry["username"]]
            missing = user.pk not in members
            self.count(Membership, missing)
            if missing:
                project_services.membership_add(project=project, user=user, role=entry["role"])

    def load_qca_study(self):
        """A QCA study over the coded demo, run once, so a newcomer sees a solution at once."""
        data = self.study.get("qca_study")
        if not data:
            return
        study = QCAStudy.objects.filter(project=self.project, name=data["name"]).first()
        self.count(QCAStudy, study is None)
        if study is not None:
            return
        owner = self.owner()
        study = study_services.study_create(
            project=self.project, name=data["name"], description=data.get("description", ""), created_by=owner
        )
        for entry in data["sets"]:
            code = self.codes.get(entry["code"])
            if code is None:
                raise DemoDataError(f"QCA set {entry['label']}: no code {entry['code']!r}")
            study_services.set_create(
                study=study,
                label=entry["label"],
                role=entry["role"],
                source=SetSource.CODE,
                code=code,
                measure=CodeMeasure.PRESENCE,
                coder_scope=CoderScope.ANY,
                expectation=entry.get("expectation", "either"),
            )
        run_create(study=study, user=owner)

    def load_codebook(self, nodes, parent, path):
        editor = self.first_with_role(Role.EDITOR)
        for order, node in enumerate(nodes):
            name = node["name"]
            if PATH_SEPARATOR in name:
                raise DemoDataError(f"code name contains {PATH_SEPARATOR!r}: {name}")
            code = Code.objects.filter(project=self.project, parent=parent, name=name).first()
            self.count(Code, code is None)
            if code is None:
                code = codebook_services.code_create(
                    project=self.project,
                    name=name,
                    parent=parent,
                    definition=node.get("definition", ""),
                    inclusion_criteria=node.get("inclusion_criteria", ""),
                    exclusion_criteria=node.get("exclusion_criteria", ""),
                    example=node.get("example", ""),
                    color=node.get("color", "#4e79a7"),
                    order=order,
                    created_by=editor,
                )
            code_path = f"{path}{name}"
            self.codes[code_path] = code
            self.load_codebook(node.get("children", []), parent=code, path=code_path + PATH_SEPARATOR)

    def load_attributes(self):
        for order, entry in enumerate(self.study["attributes"]):
            attribute = Attribute.objects.filter(project=self.project, name=entry["name"]).first()
            self.count(Attribute, attribute is None)
            if attribute is None:
                attribute = case_services.attribute_create(
                    project=self.project,
                    name=entry["name"],
                    type=entry["type"],
                    choices=entry.get("choices"),
                    order=order,
                )
            self.attributes[entry["name"]] = attribute

    def load_cases(self):
        for entry in self.study["cases"]:
            case = Case.objects.filter(project=self.project, name=entry["name"]).first()
            self.count(Case, case is None)
            if case is None:
                case = case_services.case_create(
                    project=self.project, name=entry["name"], description=entry.get("description", "")
                )
            self.cases[entry["name"]] = case
            existing = set(AttributeValue.objects.filter(case=case).values_list("attribute_id", flat=True))
            for name, value in entry.get("attributes", {}).items():
                attribute = self.attributes.get(name)
                if attribute is None:
                    raise DemoDataError(f"case {entry['name']}: unknown attribute {name}")
                missing = attribute.pk not in existing
                self.count(AttributeValue, missing)
                if missing:
                    case_services.attribute_value_set(case=case, attribute=attribute, value=value)

    def load_documents(self):
        editor = self.first_with_role(Role.EDITOR)
        for entry in self.study["documents"]:
            document = Document.objects.filter(project=self.project, title=entry["title"]).first()
            self.count(Document, document is None)
            if document is None:
                case = self.cases.get(entry["case"]) if entry.get("case") else None
                if entry.get("case") and case is None:
                    raise DemoDataError(f"document {entry['title']}: unknown case {entry['case']}")
                # Through the import a researcher uses, so that speaker turns are found (and the
                # original file kept) exactly as for an upload; study.json's metadata then wins.
                result = document_services.document_import(
                    project=self.project,
                    filename=entry["file"],
                    data=(self.directory / "transcripts" / entry["file"]).read_bytes(),
                    created_by=editor,
                    case=case,
                )
                if not result.imported:
                    raise DemoDataError(f"document {entry['title']}: {result.message}")
                date = entry.get("interview_date")
                document = document_services.document_update(
                    document=result.document,
                    title=entry["title"],
                    language=entry.get("language", ""),
                    interview_id=entry.get("interview_id", ""),
                    interview_date=datetime.date.fromisoformat(date) if date else None,
                    place=entry.get("place", ""),
                    interviewee_role=entry.get("interviewee_role", ""),
                    extra_metadata=entry.get("extra_metadata") or {},
                )
            self.documents[entry.get("interview_id") or entry["title"]] = document

    def load_codings(self):
        existing = set(
            Coding.objects.filter(document__project=self.project).values_list(
                "document_id", "code_id", "coder_id", "start", "end"
            )
        )
        for number, entry in enumerate(self.study["codings"], start=1):
            where = f"coding #{number} ({entry.get('document')}, {entry.get('code')}, {entry.get('coder')})"
            document = self.documents.get(entry["document"])
            if document is None:
                raise DemoDataError(f"{where}: unknown document")
            code = self.codes.get(entry["code"])
            if code is None:
                raise DemoDataError(f"{where}: unknown code")
            coder = self.users.get(entry["coder"])
            if coder is None:
                raise DemoDataError(f"{where}: unknown coder")
            quote = normalize_text(entry["quote"])
            occurrence = int(entry.get("occurrence", 1))
            start = find_occurrence(document.text, quote, occurrence) if quote else None
            if start is None:
                raise DemoDataError(f"{where}: quote not found (occurrence {occurrence}): {quote!r}")
            end = start + len(quote)
            key = (document.pk, code.pk, coder.pk, start, end)
            self.count(Coding, key not in existing)
            if key in existing:
                continue
            coding_services.coding_create(
                document=document, code=code, coder=coder, start=start, end=end, memo=entry.get("memo", "")
            )
            existing.add(key)


def read_study(directory):
    path = Path(directory) / "study.json"
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError) as exc:
        raise DemoDataError(f"cannot read {path}: {exc}") from exc


class Command(BaseCommand):
    help = "Load the fictional demo study (idempotent) and print its logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--directory",
            default=str(DEMO_DIR),
            help="Folder holding study.json and transcripts/ (default: %(default)s)",
        )
        parser.add_argument(
            "--first-run",
            action="store_true",
            help=(
                "What `make run` does: load the demo only into a database that has no account yet, "
                "with random passwords printed once; otherwise change nothing (so demo accounts an "
                "administrator removed never come back)."
            ),
        )

    def handle(self, *args, **options):
        study = read_study(options["directory"])
        if options["first_run"]:
            if get_user_model().objects.exists():
                self.stdout.write(
                    _(
                        "The database already has accounts, so the demo study is not loaded: demo "
                        "accounts are only made in a new database, and never again once removed. "
                        "`manage.py load_demo` loads it anyway."
                    )
                )
                return
            for entry in study["users"]:
                entry["password"] = secrets.token_urlsafe(9)
        with transaction.atomic():
            loader = Loader(study, options["directory"])
            created = loader.load()
        project = loader.project
        if not any(created.values()):
            self.stdout.write(
                _("The demo study “%(name)s” is already loaded; nothing changed.") % {"name": project.name}
            )
        else:
            summary = ", ".join(
                f"{model._meta.verbose_name_plural} {number}" for model, number in created.items() if number
            )
            self.stdout.write(
                self.style.SUCCESS(
                    _("Loaded the demo study “%(name)s”. Created: %(summary)s.")
                    % {"name": project.name, "summary": summary}
                )
            )
        self.stdout.write(_("Demo logins (username / password / role):"))
        for entry in study["users"]:
            self.stdout.write(
                f"  {entry['username']:<12} {entry['password']:<16} {Role(entry['role']).label}"
            )
        if options["first_run"]:
            self.stdout.write(_("The passwords were made up for this database and are shown only now."))
        self.stdout.write(
            _("These accounts are public: remove them or change their passwords before real use.")
        )
