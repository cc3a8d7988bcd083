"""The import's messages in zh-CN and English (errors per row and column, report lines)."""

from doorstep.core.i18n import N_, codes, register

register({
    "intake.mapping_invalid": ("映射文件有误：{problem}", "The mapping file is invalid: {problem}"),
    "intake.source_invalid": ("无法读取文件 {file}：{problem}", "Cannot read {file}: {problem}"),
    "intake.encoding": (
        "文件 {file} 第 {line} 行不是 {encoding} 编码，可能是 {guess}；请在映射文件 [source] "
        "中写明 encoding，或写 \"auto\" 自动识别",
        "File {file}, line {line}, is not {encoding}; it looks like {guess}. Declare the "
        "encoding under [source] in the mapping, or write \"auto\""),
    "intake.empty_file": ("文件 {file} 为空，没有可导入的数据",
                          "File {file} is empty: nothing to import"),
    "intake.missing_column": (
        "文件 {file} 缺少映射文件所列的列：{columns}（文件中的列：{available}）",
        "File {file} lacks columns the mapping names: {columns} (the file has: {available})"),
    "intake.rejected": (
        "{rejected} 行有误，全部未导入（全部或全不）；改正后重新导入，或选择只导入正确的行",
        "{rejected} rows have errors, so nothing was imported (all or nothing); fix them and "
        "import again, or choose to import the good rows only"),
    "intake.required": ("必填字段 {field} 为空", "Required field {field} is empty"),
    "intake.bad_date": ("“{value}”不是可识别的日期（如 2026-11-28、20261128、2026年11月28日）",
                        "\"{value}\" is not a date (e.g. 2026-11-28, 20261128, 2026/11/28)"),
    "intake.bad_amount": ("“{value}”不是金额（如 1,234.50、¥1234、12.5万元）",
                          "\"{value}\" is not an amount (e.g. 1,234.50, ¥1234, 12.5万元)"),
    "intake.negative_amount": ("金额“{value}”为负数", "Amount \"{value}\" is negative"),
    "intake.bad_number": ("“{value}”不是数字", "\"{value}\" is not a number"),
    "intake.bad_bool": ("“{value}”应为 是/否", "\"{value}\" should be yes/no"),
    "intake.bad_mobile": ("“{value}”不是有效的大陆手机号码（11 位，1 开头）",
                          "\"{value}\" is not a mainland mobile number (11 digits from 1)"),
    "intake.national_id_format": ("身份证号“{value}”应为 18 位（末位可为 X）",
                                  "National id \"{value}\" should have 18 characters"),
    "intake.national_id_birth": ("身份证号“{value}”中的出生日期无效",
                                 "National id \"{value}\" holds an invalid birth date"),
    "intake.national_id_check": ("身份证号“{value}”校验位错误（GB 11643）",
                                 "National id \"{value}\" has a wrong check digit (GB 11643)"),
    "intake.too_long": ("“{value}”超过字段 {field} 的长度上限",
                        "\"{value}\" is too long for {field}"),
    "intake.unknown_code": ("“{value}”不在映射文件的代码表中",
                            "\"{value}\" is not in the mapping's code table"),
    "intake.unknown_value": ("“{value}”不是 {field} 的可选值：{allowed}",
                             "\"{value}\" is not a valid {field}: {allowed}"),
    "intake.duplicate": ("同一文件中 {key} 出现多次且内容不同（另见第 {other} 行）",
                         "{key} appears more than once in the file with different data (see "
                         "row {other})"),
    "intake.missing_reference": ("{field}“{value}”在本文件和系统中都不存在",
                                 "{field} \"{value}\" exists neither in this file nor in the "
                                 "database"),
    "intake.already_imported": ("该文件已于 {at} 导入（批次 {run}），本次未作任何更改",
                                "This file was imported at {at} (run {run}); nothing changed"),
})

codes({"intake.one_of_required": N_("At least one of %(fields)s is needed")})
