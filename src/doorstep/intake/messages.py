"""The import's messages in zh-CN and English (errors per row and column, report lines)."""

from doorstep.core.i18n import N_, codes

codes({
    "intake.mapping_invalid": N_("The mapping file is invalid: %(problem)s"),
    "intake.source_invalid": N_("Cannot read %(file)s: %(problem)s"),
    "intake.encoding": N_("File %(file)s, line %(line)s, is not %(encoding)s; it looks like "
                          "%(guess)s. Declare the encoding under [source] in the mapping, or "
                          "write \"auto\""),
    "intake.empty_file": N_("File %(file)s is empty: nothing to import"),
    "intake.missing_column": N_("File %(file)s lacks columns the mapping names: %(columns)s "
                                "(the file has: %(available)s)"),
    "intake.rejected": N_("%(rejected)s rows have errors, so nothing was imported (all or "
                          "nothing); fix them and import again, or choose to import the good "
                          "rows only"),
    "intake.required": N_("Required field %(field)s is empty"),
    "intake.bad_date": N_("\"%(value)s\" is not a date (e.g. 2026-11-28, 20261128, 2026/11/28)"),
    "intake.bad_amount": N_("\"%(value)s\" is not an amount (e.g. 1,234.50, ¥1234, "
                            "12.5 wan yuan)"),
    "intake.negative_amount": N_("Amount \"%(value)s\" is negative"),
    "intake.bad_number": N_("\"%(value)s\" is not a number"),
    "intake.bad_bool": N_("\"%(value)s\" should be yes/no"),
    "intake.bad_mobile": N_("\"%(value)s\" is not a mainland mobile number (11 digits from 1)"),
    "intake.national_id_format": N_("National id \"%(value)s\" should have 18 characters"),
    "intake.national_id_birth": N_("National id \"%(value)s\" holds an invalid birth date"),
    "intake.national_id_check": N_("National id \"%(value)s\" has a wrong check digit (GB 11643)"),
    "intake.too_long": N_("\"%(value)s\" is too long for %(field)s"),
    "intake.unknown_code": N_("\"%(value)s\" is not in the mapping's code table"),
    "intake.unknown_value": N_("\"%(value)s\" is not a valid %(field)s: %(allowed)s"),
    "intake.duplicate": N_("%(key)s appears more than once in the file with different data "
                           "(see row %(other)s)"),
    "intake.missing_reference": N_("%(field)s \"%(value)s\" exists neither in this file nor in "
                                   "the database"),
    "intake.already_imported": N_("This file was imported at %(at)s (run %(run)s); nothing "
                                  "changed"),
})

codes({"intake.one_of_required": N_("At least one of %(fields)s is needed")})
