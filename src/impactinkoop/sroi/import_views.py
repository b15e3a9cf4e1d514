"""The social-return import wizard: the shared wizard (`core.imports.wizard`) on the same
ImportKind as `import_sroi`, so the wizard and the command refuse the same files and rows."""

from django.utils.translation import gettext as _

from impactinkoop.accounts.roles import Permission
from impactinkoop.accounts.tenancy import organisation_view
from impactinkoop.core.imports.forms import ColumnMappingForm, ImportUploadForm
from impactinkoop.core.imports.wizard import ImportWizard

from .importing import FIELDS, SROI_IMPORTS, check_sroi_mapping
from .models import SroiImport


class SroiUploadForm(ImportUploadForm):
    limits = "sroi"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("File")
        self.fields["file"].help_text = _("CSV or a spreadsheet (.xlsx, .xls, .ods).")


class SroiMappingForm(ColumnMappingForm):
    import_fields = FIELDS


WIZARD = ImportWizard(
    kind=SROI_IMPORTS,
    model=SroiImport,
    guard=organisation_view(Permission.VIEW_REALISATIONS),
    namespace="sroi",
    templates="sroi",
    upload_form=SroiUploadForm,
    mapping_form=SroiMappingForm,
    check_mapping=lambda request, mapping, table: check_sroi_mapping(mapping, table.columns),
)
# One rejected row and nothing is written (as with import_sroi): a blocked check sends the
# user back to its review, which says to fix the file.
_views = WIZARD.views()
import_start = _views["import_start"]
import_mapping = _views["import_mapping"]
import_review = _views["import_review"]
import_commit = _views["import_commit"]
import_cancel = _views["import_cancel"]
