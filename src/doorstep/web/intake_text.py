"""Strings of the data import page (数据接入), ``code -> (zh-CN, en)``."""

from doorstep.core.i18n import register

register({
    "web.nav.data": ("数据接入", "Data import"),
    "web.data.title": ("数据接入", "Data import"),
    "web.data.hint": ("上传本行导出的文件（CSV、Excel 或 Parquet）及映射文件；"
                      "先预览与试导入，确认无误后再正式导入。",
                      "Upload the bank's export (CSV, Excel or Parquet) with its mapping file; "
                      "preview and dry-run first, then import."),
    "web.data.file": ("数据文件", "Data file"),
    "web.data.mapping": ("映射文件（TOML）", "Mapping file (TOML)"),
    "web.data.kind": ("或：本系统导出的文件类型", "Or: the kind of a file this system exported"),
    "web.data.preview": ("预览并试导入", "Preview and dry run"),
    "web.data.first_rows": ("映射后的前 20 行", "The first 20 rows as mapped"),
    "web.data.report": ("试导入结果（未写入）", "Dry-run report (nothing written)"),
    "web.data.rows": ("行数", "Rows"),
    "web.data.inserted": ("新增", "New"),
    "web.data.updated": ("更新", "Changed"),
    "web.data.unchanged": ("未变", "Unchanged"),
    "web.data.rejected": ("有误的行", "Rows with errors"),
    "web.data.row": ("行号", "Row"),
    "web.data.column": ("列", "Column"),
    "web.data.problem": ("问题", "Problem"),
    "web.data.download": ("下载有误的行（Excel，问题列在每行旁）",
                          "Download the rows with errors (Excel, problem beside each row)"),
    "web.data.import": ("正式导入", "Import"),
    "web.data.keep_good": ("只导入正确的行，保留错误报告",
                           "Import the good rows only, keep the report"),
    "web.data.done": ("导入完成", "Import finished"),
    "web.data.counts": ("系统中的记录数", "Records in the system"),
    "web.data.none": ("没有问题", "No problems"),
    "web.data.expired": ("上传已过期，请重新上传", "The upload has expired; upload again"),
})
