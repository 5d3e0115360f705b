"""The help in Chinese, and what both languages share: examples, option groups, value names.

`COMMANDS` holds every command by its path ("member add"; "" is `dangwu` itself; a group
by its name): its Chinese help (the first paragraph is the line the command list shows),
the Chinese help of each option (by its first long name, "--birth-date") and argument (by
the name English help shows, "REF"), and one or more real command lines, shown as "示例："
or "Examples:". `COMMON` is the text of an option the same on every command. The English
stays in the code. tests/docs/test_help_language.py fails on a command, option or argument
missing here, and on an example the command line would refuse.

Write what a 组织委员 calls things: 党员, 入党申请人, 预备党员, 党小组, 支部党员大会, 党费,
缴费基数, 组织关系, 介绍信, 回执, 民主评议, 谈心谈话, 换届, 流动党员, 失联党员 …; no ASCII
square brackets (Rich would read `[word]` as markup).
"""

from __future__ import annotations


class Help:
    """One command's entry (a plain class: a NamedTuple would cost --help 5 ms to import)."""

    __slots__ = ("text", "params", "examples", "panels", "metavars")

    def __init__(
        self,
        text: str,
        params: dict[str, str],
        examples: tuple[str, ...],
        panels: dict[str, tuple[str, ...]] | None = None,
        metavars: dict[str, str] | None = None,
    ) -> None:
        self.text = text  # the command's help; paragraphs separated by a blank line
        self.params = params  # "--on" / "REF" -> its help
        self.examples = examples  # command lines as typed, shown in both languages
        self.panels = panels or {}  # PANELS key -> the options listed under it
        self.metavars = metavars or {}  # "--from" -> METAVARS key, where the default is wrong


# the name of a value, as the help shows it after an option (`--on 日期`) or for an argument
METAVARS: dict[str, tuple[str, str]] = {
    "date": ("日期", "DATE"),
    "month": ("月份", "MONTH"),
    "months": ("起..止", "FROM..TO"),
    "period": ("期间", "PERIOD"),
    "quarter": ("季度", "QUARTER"),
    "year": ("年份", "YEAR"),
    "time": ("时:分", "HH:MM"),
    "text": ("文字", "TEXT"),
    "name": ("名称", "NAME"),
    "person_name": ("姓名", "NAME"),
    "name_or_ref": ("姓名", "NAME|REF"),
    "org": ("党组织", "ORG"),
    "place": ("地点", "PLACE"),
    "ref": ("人员", "REF"),
    "refs": ("人员,人员", "REF,REF"),
    "ref_reason": ("人员:原因,…", "REF[:reason],…"),
    "names": ("姓名,…", "NAME,…"),
    "id": ("编号", "ID"),
    "number": ("编号", "NUMBER"),
    "amount": ("金额", "YUAN"),
    "n": ("数", "N"),
    "votes": ("票数", "N,N,N,N"),
    "days": ("天数", "DAYS"),
    "format": ("格式", "FORMAT"),
    "file": ("文件", "FILE"),
    "path": ("路径", "PATH"),
    "ledger": ("账本", "LEDGER"),
    "lang": ("zh|en", "zh|en"),
    "gender": ("男|女", "GENDER"),
    "stage": ("阶段", "STAGE"),
    "category": ("类别", "CATEGORY"),
    "occupation": ("职业", "OCCUPATION"),
    "kind": ("类别", "KIND"),
    "type": ("类型", "TYPE"),
    "role": ("职务", "ROLE"),
    "reason": ("原因", "REASON"),
    "grade": ("等次", "GRADE"),
    "action": ("处置", "ACTION"),
    "source": ("推荐方式", "SOURCE"),
    "every": ("周期", "EVERY"),
    "value": ("值", "VALUE"),
    "code": ("代码", "CODE"),
    "phone": ("电话", "PHONE"),
    "id_number": ("身份证号", "ID_NUMBER"),
    "ethnicity": ("民族", "ETHNICITY"),
    "education": ("学历", "EDUCATION"),
    "unit": ("单位", "UNIT"),
    "group": ("党小组", "GROUP"),
    "role_name": ("角色", "ROLE"),
}

# an option's value name unless its command's entry says otherwise
OPTION_METAVARS: dict[str, str] = {
    "--db": "ledger",
    "--lang": "lang",
    "--on": "date",
    "--as-of": "date",
    "--birth-date": "date",
    "--admitted-on": "date",
    "--full-on": "date",
    "--joined-on": "date",
    "--since": "date",
    "--until": "date",
    "--approved-on": "date",
    "--due": "date",
    "--format": "format",
    "--output": "file",
    "--period": "period",
    "--quarter": "quarter",
    "--year": "year",
    "--month": "month",
    "--months": "months",
    "--reason": "text",
    "--note": "text",
    "--topic": "text",
    "--minutes": "text",
    "--resolution": "text",
    "--result": "text",
    "--gender": "gender",
    "--stage": "stage",
    "--category": "category",
    "--occupation": "occupation",
    "--id-number": "id_number",
    "--ethnicity": "ethnicity",
    "--education": "education",
    "--phone": "phone",
    "--unit": "unit",
    "--group": "group",
    "--letter": "number",
    "--receipt": "number",
    "--certificate": "number",
    "--number": "number",
    "--meeting": "id",
    "--payment": "id",
    "--member": "ref",
    "--host": "ref",
    "--recorder": "ref",
    "--speaker": "ref",
    "--leader": "ref",
    "--by": "ref",
    "--with": "ref",
    "--contacts": "refs",
    "--introducers": "refs",
    "--absent": "ref_reason",
    "--leave": "ref_reason",
    "--exempt": "ref_reason",
    "--guest": "names",
    "--from-time": "time",
    "--to-time": "time",
    "--place": "place",
    "--amount": "amount",
    "--income": "amount",
    "--fixed": "amount",
    "--for": "n",
    "--against": "n",
    "--abstain": "n",
    "--hours": "n",
    "--within": "days",
    "--valid-days": "days",
    "--years": "n",
    "--min": "n",
    "--votes": "votes",
    "--minutes-file": "file",
    "--branch": "name",
    "--higher-org": "org",
    "--name": "name",
    "--type": "type",
    "--kind": "kind",
    "--grade": "grade",
    "--action": "action",
    "--recommendation": "source",
    "--every": "every",
    "--value": "value",
    "--owner": "role_name",
}

# an argument's value name, by the name English help shows
ARGUMENT_METAVARS: dict[str, str] = {
    "REF": "ref",
    "NAME": "person_name",
    "NAME|REF": "name_or_ref",
    "ID": "id",
    "EVENT_ID": "id",
    "PAYMENT_ID": "id",
    "MEETING_ID": "id",
    "FILE": "file",
    "PATH": "path",
    "YEAR": "year",
    "TYPE": "type",
    "KIND": "kind",
    "ROLE": "role",
    "CODE": "code",
    "SOURCE": "ledger",
    "TARGET": "ledger",
}

# option groups: key -> (Chinese title, English title)
PANELS: dict[str, tuple[str, str]] = {
    "person": ("个人信息", "Personal details"),
    "party": ("党籍与党小组", "Membership and party group"),
    "meeting": ("会议信息", "About the meeting"),
    "attendance": ("出席情况", "Attendance"),
    "minutes": ("记录与决议", "Minutes and resolution"),
    "special": ("特殊情况", "Special cases"),
    "output": ("输出", "Output"),
    "force": ("越过检查", "Overriding a check"),
}
# on a command with at least this many options, these go to their own group
GROUP_FROM = 6
DEFAULT_PANELS: dict[str, str] = {
    "--format": "output",
    "--reveal": "output",
    "--exit-code": "output",
    "--output": "output",
    "--force": "force",
    "--reason": "force",
}

# the same on every command that has it
COMMON: dict[str, str] = {
    "--help": "显示本帮助后退出。",
    "--format": "输出格式：table（表格）、plain（纯文本）、json、csv 或 markdown；"
    "默认在终端上显示表格，输出到管道时为纯文本。",
    "--reveal": "完整显示身份证号和电话号码（默认部分打码）。",
    "--as-of": "按这一天计算，如同今天是这一天（查看过去，或预先看将来）。",
    "--dry-run": "只检查每一行，不写入账本。",
}

MEMBER = "党员：编号或姓名。"
PERSON = "人员：编号或姓名。"
FORCE = "检查不通过时仍然登记（补录历史记录时使用）。"
FORCE_REASON = "为什么需要 --force（记入修改记录）。"
VOID_REASON = "作废的原因（与记录一同保存）。"
PERIOD = "期间：2026（全年）、2026H2（下半年）、2026Q3（季度）或 2026-11（月）。"
EXIT_3 = "（供脚本使用）"
OUTPUT_FILE = "新建的 .docx 或 .xlsx 文件（不会覆盖已有文件）。"
REPORT_OUTPUT = (
    "写入文件：x.md、x.json、x.csv、x.xlsx 或 x.docx（可打印的文档；权限 0600，不覆盖已有文件）。"
)
ALL_BRANCHES = "上级党委用：PostgreSQL 服务器上每个支部一行，并给出合计。"
DUE = "限期改正的最后一天（默认为作出决定后一年，依据《组织工作问答》）。"

# the profile of a person, as `member add`, `member transfer-in`, `member edit` and
# `dev apply` take it
PROFILE: dict[str, str] = {
    "--gender": "性别：男 或 女。",
    "--stage": "正式党员 或 预备党员（也可写 full、probationary）。",
    "--birth-date": "出生日期，如 1980-05-17。",
    "--id-number": "18 位公民身份号码。",
    "--ethnicity": "民族，如 汉族。",
    "--education": "学历，如 大学本科。",
    "--phone": "联系电话。",
    "--category": "人员类别：在职、离退休、农民、学生、无业 或 其他。",
    "--group": "所在党小组的名称。",
    "--admitted-on": "入党日期：支部党员大会接收为预备党员的日期。",
    "--full-on": "转正日期。",
    "--joined-on": "来到本支部的日期（默认同入党日期）。",
    "--unit": "工作单位。",
    "--occupation": "职业（党内统计年报用）：工人、农牧渔民、专业技术人员、管理人员、"
    "党政机关工作人员、学生、其他职业 或 离退休。",
}
PERSONAL = (
    "--birth-date",
    "--id-number",
    "--ethnicity",
    "--education",
    "--phone",
    "--category",
    "--unit",
    "--occupation",
)
MEMBERSHIP = ("--group", "--admitted-on", "--full-on", "--joined-on")

MEETING_FIELDS: dict[str, str] = {
    "--topic": "议题。",
    "--host": "主持人：编号或姓名。",
    "--recorder": "记录人：编号或姓名。",
    "--place": "地点。",
    "--from-time": "开始时间，如 14:30。",
    "--to-time": "结束时间（晚于开始时间）。",
    "--minutes": "会议记录的正文。",
    "--resolution": "会议通过的决议（文字）。",
    "--absent": "无故缺席的人员，可写成 姓名:原因；多人用逗号分隔，或重复此选项。",
    "--leave": "请假的人员（仍算应到）；写法同 --absent。",
    "--exempt": "免于参加的人员（经批准长期不能参加，不算应到）；写法同 --absent。",
}
ABOUT_MEETING: tuple[str, ...] = ("--topic", "--group", "--host", "--recorder", "--place")
ABOUT_MEETING += ("--from-time", "--to-time", "--speaker")
ATTENDANCE = ("--absent", "--leave", "--exempt", "--guest")

COMMANDS: dict[str, Help] = {
    # -- dangwu -------------------------------------------------------------------------
    "": Help(
        "dangwu 党务 —— 党支部的工作台账：党员名册、三会一课、党费、发展党员、报表。\n\n"
        "第一次使用：dangwu init --branch 支部名称 建立本支部的账本；想先看看效果，"
        "运行 dangwu demo 生成一个示例支部。在任何命令后加 -h 可查看它的说明和示例。",
        {
            "--db": "使用哪个账本：账本文件，或 PostgreSQL 服务器地址 postgresql://…；"
            "不给时用环境变量 DANGWU_DB，再没有则用本机用户目录下的默认账本。",
            "--lang": "界面语言：zh（中文，默认）或 en（英文）；也可设置环境变量 DANGWU_LANG。",
            "--version": "显示版本号后退出。",
            "--install-completion": "为当前的 shell 安装命令补全（按 Tab 键补全命令和选项）。",
            "--show-completion": "显示当前 shell 的补全脚本，可复制或自行安装。",
        },
        (
            "dangwu init --branch 第一党支部",
            "dangwu report checklist",
            "dangwu member add -h",
        ),
    ),
    "init": Help(
        "新建一个账本并初始化；已有的文件绝不会被改动。",
        {
            "--branch": "支部名称，如 第一党支部。",
            "--higher-org": "上级党组织的名称。",
        },
        ("dangwu init --branch 第一党支部 --higher-org 某局机关党委",),
    ),
    "demo": Help(
        "用内置的示例支部生成一个示例账本，并显示上一个完整季度的合规情况和本季度的工作清单。\n\n"
        "示例账本是应用目录中单独的 demo.db（给出 --db 或 DANGWU_DB 时用那个位置），"
        "不占用本支部自己的账本；示例的历史整体移到今天（或 --as-of 那天）为止。"
        "之后用 dangwu --db 示例账本 member list 查看，用 dangwu init --branch 支部名称 "
        "建立自己的账本。",
        {
            "--as-of": "示例的历史截至这一天，并按这一天计算（默认今天）。",
            "--format": "输出格式：table、plain、json、csv 或 markdown（默认在终端上为 table，"
            "管道中为 plain）；json 为一份文档，含账本位置、合规摘要和工作清单，"
            "与 report compliance、report checklist 的输出相同。",
        },
        ("dangwu demo",),
    ),
    "history": Help(
        "按时间先后列出 dangwu 对账本的每一处修改：何时、哪条命令、改了什么（改前 → 改后）、为什么。\n\n"
        "身份证号和电话号码默认打码，加 --reveal 完整显示。",
        {
            "REF": "只看与此人有关的修改：编号或姓名。",
            "--meeting": "只看一次会议（会议编号）的记录及其每次修改。",
            "--payment": "只看一笔交费记录（dues ledger 中的编号）及其冲正。",
            "--period": "只看在此期间做的修改：2026、2026H2、2026Q3 或 2026-11。",
        },
        (
            "dangwu history 张伟 --period 2026",
            "dangwu history --meeting 12",
            "dangwu history --payment 340",
        ),
    ),
    # -- member -------------------------------------------------------------------------
    "member": Help(
        "党员名册：登记、组织关系转接、流动党员、失联党员、花名册导入导出。",
        {},
        ("dangwu member list", "dangwu member show 张伟"),
    ),
    "member add": Help(
        "登记一名已有的党员（正式党员或预备党员），输出其编号。\n\n"
        "本支部发展的新党员，从 dangwu dev apply（递交入党申请）开始记录；"
        "从其他党组织转来的，用 dangwu member transfer-in。",
        {"NAME": "姓名。", **PROFILE},
        (
            "dangwu member add 刘建军 --gender 男 --stage 正式党员 --admitted-on 2010-07-01",
            "dangwu member add 李娜 --gender 女 --stage 预备党员 --admitted-on 2026-06-28"
            " --birth-date 1998-03-02 --phone 13800138000",
        ),
        panels={"person": PERSONAL, "party": MEMBERSHIP},
    ),
    "member transfer-in": Help(
        "接收从其他党组织转入的党员（组织关系转入）。\n\n"
        "曾从本支部转出、现在转回来的党员，用编号或姓名指明：还是同一个人，恢复转出时的档案、"
        "阶段记录和党费缴费基数（给出的选项会替换原值）；上一次在本支部期间的记录保持原样，"
        "以前的报表不会改变。",
        {
            **PROFILE,
            "NAME|REF": "姓名；转回本支部的党员写其编号或姓名。",
            "--from": "转出的党组织（开具介绍信的单位）。",
            "--on": "收到组织关系介绍信的日期。",
            "--gender": "性别：男 或 女；第一次来本支部的人员必填。",
            "--stage": "正式党员 或 预备党员；第一次来本支部的人员必填。",
            "--letter": "介绍信编号。",
        },
        (
            "dangwu member transfer-in 王芳 --from 某局机关党委 --on 2026-12-01"
            " --gender 女 --stage 正式党员 --letter 转字〔2026〕第8号",
            "dangwu member transfer-in 曹阳 --from 某局机关党支部 --on 2026-12-01",
        ),
        panels={"person": PERSONAL, "party": MEMBERSHIP[:-1]},
        metavars={"--from": "org"},
    ),
    "member transfer-out": Help(
        "将党员的组织关系转出本支部；转出后仍保留在账本中（列表加 --all 可见）。\n\n"
        "用 dangwu print letter 打印介绍信；回执寄回后用 dangwu member receipt 登记。",
        {
            "REF": MEMBER,
            "--to": "转往的党组织。",
            "--on": "开具介绍信的日期。",
            "--letter": "介绍信编号。",
            "--force": "检查不通过时仍然登记。",
            "--reason": FORCE_REASON,
            "--valid-days": "介绍信有效期（天），1 至 90，默认 30；市内一般 10 天，市外 30 天。",
        },
        (
            "dangwu member transfer-out 曹阳 --to 某局机关党支部 --on 2026-04-10"
            " --letter 转字〔2026〕第12号 --valid-days 30",
        ),
        metavars={"--to": "org"},
    ),
    "member receipt": Help(
        "登记转出党员的介绍信回执已经寄回。\n\n"
        "转出后一个月内回执仍未寄回的，report compliance 会列为问题（letter_receipt_overdue）。",
        {
            "REF": "已转出的党员：编号或姓名。",
            "--on": "回执寄回的日期。",
            "--replace": "更正已登记的回执日期。",
        },
        ("dangwu member receipt 曹阳 --on 2026-04-24",),
    ),
    "member leave": Help(
        "登记人员去世、退党、被除名、被开除党籍或自行脱党；其记录仍保留在账本中。",
        {
            "REF": MEMBER,
            "--reason": "原因：去世、退党、除名、开除党籍 或 自行脱党"
            "（也可写 deceased、withdrew、removed、expelled、lapsed）。",
            "--on": "日期。",
        },
        ("dangwu member leave 何志强 --reason 去世 --on 2026-03-15",),
        metavars={"--reason": "reason"},
    ),
    "member void": Help(
        "作废一条录错的人员记录。\n\n"
        "记录保留在账本中，但不再计入任何统计和列表，也不能再按姓名找到；这不算出党"
        "（任何报表中都不会出现“除名”）。其身份证号随之释放，可以重新正确录入。"
        "仍有交费、出席、谈话、职务或他人的发展记录涉及此人时，不能作废。",
        {"REF": "录错的人员：编号或姓名。", "--reason": VOID_REASON},
        ("dangwu member void 31 --reason 重复录入",),
    ),
    "member away": Help(
        "登记外出务工、学习的流动党员（持《流动党员活动证》或证明信）。\n\n"
        "外出期间不要求参加本支部的会议（不计缺席，不计入应到人数）；党费仍在本支部交纳"
        "（rules set away_quarterly_dues --on：可按季度交）；每季度应向党组织书面汇报一次"
        "（away_report，用 member away-report 登记）。回来后用 member back 登记。",
        {
            "REF": MEMBER,
            "--to": "外出工作或学习的地方（流入地）。",
            "--from": "外出的第一天。",
            "--until": "预计外出的最后一天（可以是将来的日期）。",
            "--certificate": "活动证或证明信的编号。",
            "--kind": "凭证：流动党员活动证（card，默认）或 证明信（letter）。",
        },
        ("dangwu member away 张伟 --to 深圳 --from 2026-04-01 --certificate LD2026001",),
        metavars={"--to": "place", "--from": "date"},
    ),
    "member back": Help(
        "登记流动党员已经返回。\n\n"
        "从这一天起，重新要求其参加本支部的会议，不再需要书面汇报；"
        "“连续六个月不参加组织生活”从这一天起算。",
        {"REF": MEMBER, "--on": "回到本支部的日期（返回后的第一天）。"},
        ("dangwu member back 张伟 --on 2026-10-08",),
    ),
    "member away-report": Help(
        "登记收到流动党员的书面汇报。\n\n"
        "流动党员外出期间每季度应向党组织书面汇报一次（要求 away_report）。"
        "登记的那一天不在外出期间的，不予登记。",
        {
            "REF": MEMBER,
            "--on": "收到书面汇报的日期。",
            "--note": "备注（汇报的内容、报送方式）。",
        },
        ("dangwu member away-report 张伟 --on 2026-06-20 --note 邮寄",),
    ),
    "member away-void": Help(
        "作废一条录错的流动党员外出记录。\n\n"
        "记录保留在账本中（留有修改记录），但不再起作用：该党员照常要求参会，"
        "也不因此需要书面汇报。",
        {"ID": "外出记录的编号。", "--reason": VOID_REASON},
        ("dangwu member away-void 3 --reason 日期录错",),
    ),
    "member away-report-void": Help(
        "作废一条录错的流动党员书面汇报。\n\n"
        "记录保留在账本中（留有修改记录），该季度的汇报重新算作未交。",
        {"ID": "书面汇报的编号。", "--reason": VOID_REASON},
        ("dangwu member away-report-void 5 --reason 重复录入",),
    ),
    "member lost": Help(
        "登记与党员失去联系（失联党员）：从哪天起、什么原因。\n\n"
        "report compliance 会列出失联党员（member_lost），并把失联满六个月、"
        "其间既未参加组织生活也未交纳党费的列为需要处置的对象（lost_candidate）。"
        "恢复联系后用 member found 登记。",
        {
            "REF": MEMBER,
            "--since": "失去联系的日期。",
            "--reason": "失联原因：外出务工经商、单位改制、毕业去向不明、工作单位改变、"
            "出国（境）、居住地改变 或 其他。",
            "--note": "备注（做过哪些联系的努力）。",
        },
        ("dangwu member lost 马超 --since 2026-01-15 --reason 外出务工经商",),
        metavars={"--reason": "reason"},
    ),
    "member found": Help(
        "登记已与失联党员恢复联系。\n\n从这一天起不再列为失联党员。",
        {"REF": MEMBER, "--on": "恢复联系的日期。"},
        ("dangwu member found 马超 --on 2026-11-20",),
    ),
    "member lost-void": Help(
        "作废一条录错的失联记录。\n\n记录保留在账本中（留有修改记录），但不再起作用。",
        {"ID": "失联记录的编号。", "--reason": VOID_REASON},
        ("dangwu member lost-void 2 --reason 录错人员",),
    ),
    "member edit": Help(
        "修改人员档案。\n\n"
        '给出的项目替换原值；给空值（""）可清除一项选填的信息。'
        "每次修改都留有记录（dangwu history 可查）。",
        {
            **PROFILE,
            "REF": PERSON,
            "--name": "新的姓名。",
            "--on": "调整党小组的生效日期（默认今天）。",
        },
        (
            "dangwu member edit 张伟 --phone 13900001111",
            "dangwu member edit 张伟 --group 第二党小组 --on 2026-07-01",
        ),
        panels={"person": PERSONAL, "party": (*MEMBERSHIP, "--on")},
    ),
    "member list": Help(
        "党员名册：各个阶段的人员，按登记先后排列。\n\n"
        "在终端上，表格每人一行（编号、姓名、性别、阶段、党小组、入党日期、电话）；"
        "加 --wide 显示所有列。",
        {
            "--wide": "终端上的表格也显示所有列（出生日期、人员类别、转正日期、身份证号）；"
            "输出到管道或用 -f plain、csv、json 时总是包含所有列。",
            "--stage": "只列此阶段：入党申请人、入党积极分子、发展对象、预备党员 或 正式党员。",
            "--group": "只列此党小组。",
            "--all": "也列出已出党、已转出或已停止发展的人员。",
            "--away": "只列当天在外的流动党员，及其流入地、外出日期和活动证或证明信。",
        },
        (
            "dangwu member list",
            "dangwu member list --stage 预备党员",
            "dangwu member list --away --as-of 2026-06-30",
            "dangwu member list --wide --reveal",
        ),
        panels={"output": ("--wide",)},
    ),
    "member show": Help(
        "查看一个人的档案和经历。",
        {"REF": PERSON},
        ("dangwu member show 张伟",),
    ),
    "member import": Help(
        "导入花名册。\n\n每个有问题的行都会列出来；只要有一行不对，就一行也不写入。",
        {"FILE": "花名册文件：.csv（UTF-8、带 BOM 的 UTF-8 或 GBK 编码）或 .xlsx。"},
        ("dangwu member import 花名册.xlsx --dry-run", "dangwu member import 花名册.xlsx"),
    ),
    "member export": Help(
        "把花名册导出为 CSV 或 XLSX 文件（按扩展名），文件权限 0600。",
        {
            "FILE": "导出到的 .csv 或 .xlsx 文件（不会覆盖已有文件）。",
            "--all": "包括已出党、已转出的人员。",
        },
        ("dangwu member export 花名册.xlsx",),
    ),
    # -- group ----------------------------------------------------------------------------
    "group": Help(
        "党小组：新建、改名、更换组长、撤销。",
        {},
        ("dangwu group list",),
    ),
    "group add": Help(
        "新建一个党小组。",
        {"NAME": "党小组名称，如 第一党小组。", "--leader": "党小组组长：编号或姓名。"},
        ("dangwu group add 第四党小组 --leader 宋佳",),
        metavars={"NAME": "name"},
    ),
    "group edit": Help(
        "党小组改名或更换组长；修改留有记录。",
        {
            "NAME": "党小组现在的名称。",
            "--name": "新的名称。",
            "--leader": '组长：编号或姓名；给空值（""）表示暂无组长。',
        },
        ("dangwu group edit 第一党小组 --name 机关一组 --leader 张伟",),
        metavars={"NAME": "name"},
    ),
    "group close": Help(
        "撤销一个党小组。\n\n"
        "当天组内的党员离开该小组，其分组经历保留；此后不再要求该小组开会，也不能再登记它的会议。"
        "用 member edit 人员 --group 小组 --on 日期 把党员编入其他小组。",
        {"NAME": "党小组名称。", "--on": "撤销的日期。"},
        ("dangwu group close 第四党小组 --on 2026-12-01",),
        metavars={"NAME": "name"},
    ),
    "group list": Help(
        "列出各党小组及其组长和现有人数。",
        {},
        ("dangwu group list",),
    ),
    # -- committee ------------------------------------------------------------------------
    "committee": Help(
        "支部委员会：委员的职务、换届选举。",
        {},
        ("dangwu committee list", "dangwu committee elections"),
    ),
    "committee set": Help(
        "登记一名委员从某天起担任的职务。",
        {
            "REF": MEMBER,
            "ROLE": "职务：书记、副书记、组织委员、宣传委员、纪检委员 或 青年委员"
            "（也可写 secretary、organization 等）。",
            "--from": "任职的第一天。",
        },
        ("dangwu committee set 张伟 组织委员 --from 2026-02-20",),
        metavars={"--from": "date"},
    ),
    "committee end": Help(
        "结束一名委员的职务。",
        {"REF": MEMBER, "ROLE": "要结束的职务，如 书记。", "--on": "离任的日期。"},
        ("dangwu committee end 张伟 组织委员 --on 2026-02-19",),
    ),
    "committee list": Help(
        "列出今天（或 --as-of 那天）的支部委员会组成。",
        {},
        ("dangwu committee list", "dangwu committee list --as-of 2025-12-31"),
    ),
    "committee elect": Help(
        "登记一次换届：支部党员大会选举产生支部委员会（不设委员会的支部选举书记），"
        "开始新的一届。\n\n"
        "各委员的职务仍用 committee set 登记。在任期届满前六个月以上、或届满之后才换届的，"
        "须用 --approved-on 登记上级党组织批准的日期，且提前或推迟都不超过一年。",
        {
            "--on": "支部党员大会选举的日期。",
            "--years": "任期年数：3，村和社区党组织为 5"
            "（默认按规则设置，见 rules set committee_election --value）。",
            "--meeting": "选举的支部党员大会（会议编号）：有选举权的到会党员须超过应到会人数的"
            "五分之四。",
            "--approved-on": "上级党组织批准提前或推迟换届的日期。",
            "--note": "备注（如批复的文号）。",
            "--force": FORCE,
            "--reason": FORCE_REASON,
        },
        ("dangwu committee elect --on 2026-02-20 --years 3 --meeting 12",),
    ),
    "committee elect-void": Help(
        "作废一条录错的换届记录。\n\n记录保留在账本中（留有修改记录）；上一届重新视为在任。",
        {"ID": "换届记录的编号（committee elections 可查）。", "--reason": VOID_REASON},
        ("dangwu committee elect-void 2 --reason 日期录错",),
    ),
    "committee elections": Help(
        "列出已登记的换届，以及每届的任期和届满日期。",
        {},
        ("dangwu committee elections",),
    ),
    # -- meeting --------------------------------------------------------------------------
    "meeting": Help(
        "会议和出席：三会一课、主题党日、组织生活会、民主评议党员。",
        {},
        ("dangwu meeting list --period 2026Q3", "dangwu meeting attendance --period 2026"),
    ),
    "meeting add": Help(
        "登记一次会议。\n\n应到人员中，没有列为缺席、请假或免于参加的，都算出席。",
        {
            **MEETING_FIELDS,
            "TYPE": "会议类型：支部党员大会、支部委员会、党小组会、党课、主题党日、组织生活会、"
            "民主评议党员、民主生活会、集中学习 或 其他（也可写 general、committee、group、"
            "lecture 等）。",
            "--on": "开会的日期。",
            "--group": "党小组（党小组会必填）。",
            "--minutes-file": "从 UTF-8 文本文件读取会议记录。",
            "--guest": "列席的非党员；多人用逗号分隔，或重复此选项。",
            "--planned": "预先安排一次将来的会议（召开后用 meeting confirm 确认，才计数）。",
            "--again": "同一天（同一党小组）再登记一次同类型的会议；"
            "不加时，已有的那次会被当作重复录入而拒绝。",
            "--work-report": "支部党员大会听取了支部委员会的工作报告（committee_report）。",
            "--speaker": "党课的主讲人：编号或姓名（仅党课）。",
            "--cadre": "讨论干部问题的支部委员会：须有三分之二以上的委员到会。",
        },
        (
            "dangwu meeting add 支部党员大会 --on 2026-11-12 --topic 学习全会精神"
            " --leave 张伟:出差 --place 三楼会议室 --from-time 14:30 --to-time 16:00",
            "dangwu meeting add 党小组会 --group 第一党小组 --on 2026-11-05 --topic 学习党章",
            "dangwu meeting add 党课 --on 2026-12-20 --speaker 张伟 --topic 党的二十大精神 --planned",
        ),
        panels={
            "meeting": ABOUT_MEETING,
            "attendance": ATTENDANCE,
            "minutes": ("--minutes", "--minutes-file", "--resolution"),
            "special": ("--planned", "--again", "--work-report", "--cadre"),
        },
    ),
    "meeting edit": Help(
        "更正一条已登记的会议：给出的项目替换原记录。\n\n"
        '--absent "" 可清空该名单。出席情况按会议当天的账本重新推算，没有给出的名单保持不变，'
        "并重新报告是否达到规定人数。修改留有记录（dangwu history --meeting 编号）。",
        {
            **MEETING_FIELDS,
            "ID": "会议编号。",
            "--on": "实际开会的日期。",
            "--group": "党小组。",
            "--guest": "列席的非党员；多人用逗号分隔。",
            "--again": "改到一个已有同类型会议的日期。",
            "--work-report": "支部党员大会是否听取了支部委员会的工作报告。",
            "--speaker": '党课的主讲人：编号或姓名；给空值（""）清除。',
        },
        ("dangwu meeting edit 12 --on 2026-11-13 --absent 张伟",),
        panels={
            "meeting": ("--on", *ABOUT_MEETING),
            "attendance": ATTENDANCE,
            "minutes": ("--minutes", "--resolution"),
            "special": ("--again", "--work-report"),
        },
    ),
    "meeting void": Help(
        "作废一条录错的会议。\n\n"
        "会议保留在账本中并标为作废，不再计入任何地方（合规、工作清单、出席、缺席、表决）。"
        "对接收预备党员、转正或延长预备期进行过表决的会议不能作废。",
        {"ID": "会议编号。", "--reason": "作废的原因（与会议一同保存）。"},
        ("dangwu meeting void 12 --reason 重复录入",),
    ),
    "meeting confirm": Help(
        "确认一次预定的会议已经召开，并登记出席情况。",
        {
            **MEETING_FIELDS,
            "ID": "预定会议的编号。",
            "--on": "实际召开的日期（默认按预定的日期）。",
        },
        ("dangwu meeting confirm 154 --absent 马超",),
    ),
    "meeting list": Help(
        "按时间先后列出会议。",
        {"--type": "只列此类型的会议，如 党课。", "--period": PERIOD},
        ("dangwu meeting list --period 2026", "dangwu meeting list --type 党课 --period 2026"),
    ),
    "meeting show": Help(
        "查看一次会议，及其出席情况和是否达到规定人数。",
        {"ID": "会议编号。"},
        ("dangwu meeting show 12",),
    ),
    "meeting attendance": Help(
        "每名党员的应到、出席、请假、缺席次数和出席率；标出连续六个月未参加组织生活的"
        "（党章第九条）。",
        {
            "--period": "期间：2026、2026H2、2026Q3 或 2026-11（默认全部）。",
            "--member": "只看此人：编号或姓名。",
            "--exit-code": "有人连续六个月未参加组织生活时，以退出码 3 结束" + EXIT_3 + "。",
        },
        ("dangwu meeting attendance --period 2026", "dangwu meeting attendance --member 马超"),
    ),
    # -- talk -----------------------------------------------------------------------------
    "talk": Help(
        "谈心谈话：登记、更正、作废、列出。",
        {},
        ("dangwu talk list --period 2026",),
    ),
    "talk add": Help(
        "登记一次谈心谈话。",
        {
            "REF": "谈话对象：编号或姓名。",
            "--with": "谈话人：编号或姓名。",
            "--on": "谈话的日期。",
            "--topic": "谈了什么。",
        },
        ("dangwu talk add 林涛 --with 王建国 --on 2026-11-03 --topic 工作和思想情况",),
    ),
    "talk edit": Help(
        "更正一条已登记的谈心谈话。\n\n"
        "给出的项目替换原记录，并像 talk add 那样检查；修改留有记录。",
        {
            "ID": "谈话的编号（talk list 可查）。",
            "--member": "谈话对象：编号或姓名。",
            "--with": "谈话人：编号或姓名。",
            "--on": "谈话的日期。",
            "--topic": "谈了什么。",
        },
        ("dangwu talk edit 7 --on 2026-11-03",),
    ),
    "talk void": Help(
        "作废一条录错的谈心谈话。\n\n记录保留在账本中，不再计入任何地方。",
        {"ID": "谈话的编号（talk list 可查）。", "--reason": VOID_REASON},
        ("dangwu talk void 7 --reason 重复录入",),
    ),
    "talk list": Help(
        "按时间先后列出谈心谈话。",
        {"--period": PERIOD, "--member": "只列与此人有关的谈话：编号或姓名。"},
        ("dangwu talk list --period 2026", "dangwu talk list --member 林涛"),
    ),
    # -- evaluation -----------------------------------------------------------------------
    "evaluation": Help(
        "民主评议党员：评定等次、对不合格党员的处置及其结果。",
        {},
        ("dangwu evaluation list --year 2025",),
    ),
    "evaluation record": Help(
        "登记党员某一年度的民主评议结果。\n\n"
        "规则 excellent_cap 开启时，评为优秀会使优秀人数超过本支部党员（当年 12 月 31 日的"
        "正式党员和预备党员；已登记的结果更多时按结果数）三分之一的，不予登记。"
        "评为不合格而没有给出 --action 的，需要跟进：应在评定后三个月内作出处置"
        "（见 report checklist、report compliance）。--replace 更正给出的项目，其余保持不变。",
        {
            "REF": MEMBER,
            "--year": "评议的年度。",
            "--grade": "等次：优秀、合格、基本合格 或 不合格。",
            "--action": "对不合格党员的处置：限期改正、劝退 或 除名。",
            "--meeting": "为此召开的民主评议会（或支部党员大会）的会议编号。",
            "--votes": "该党员在会上的得票：评为优秀、合格、基本合格、不合格各几票，"
            "用逗号分隔（如 12,3,0,0）；合计不超过到会的正式党员人数。",
            "--on": "评定等次的日期（支部委员会评定）。",
            "--due": DUE,
            "--replace": "更正已有的结果（留有修改记录）。",
            "--force": "超过优秀比例也照样登记（补录历史记录时使用）。",
            "--reason": FORCE_REASON,
        },
        (
            "dangwu evaluation record 宋佳 --year 2025 --grade 优秀",
            "dangwu evaluation record 张伟 --year 2025 --grade 不合格 --meeting 12"
            " --votes 0,2,5,9 --on 2025-12-30 --action 限期改正",
        ),
    ),
    "evaluation action": Help(
        "登记对评为不合格的党员作出的处置。\n\n"
        "（由支部委员会提出，支部党员大会表决。）限期改正到 --due 为止，默认为 --on 之后一年；"
        "在用 evaluation done 登记结果之前，一直列在工作清单中，过期后列为合规问题。",
        {
            "REF": "评为不合格的党员：编号或姓名。",
            "--year": "评议结果所属的年度。",
            "--action": "处置：限期改正、劝退 或 除名。",
            "--on": "作出处置决定的日期（默认今天）。",
            "--due": DUE,
            "--replace": "修改此前决定的处置（留有修改记录）。",
        },
        (
            "dangwu evaluation action 张伟 --year 2025 --action 限期改正 --on 2026-01-15"
            " --due 2026-07-15",
        ),
    ),
    "evaluation done": Help(
        "登记对不合格党员处置的结果。\n\n"
        "限期改正期满（已改正；未改正的，用 evaluation action --replace 改为劝退或除名），"
        "或该党员已退党、已被除名——登记后跟进即告结束。",
        {
            "REF": "评为不合格的党员：编号或姓名。",
            "--year": "评议结果所属的年度。",
            "--on": "结果确定的日期。",
            "--result": "结果，如 已改正，经支部党员大会讨论评为合格。",
            "--replace": "更正此前登记的结果（留有修改记录）。",
        },
        (
            "dangwu evaluation done 张伟 --year 2025 --on 2026-07-10"
            " --result 已改正，支部大会讨论认为具备党员条件",
        ),
    ),
    "evaluation void": Help(
        "作废一条录错的民主评议结果。\n\n"
        "录错了人或年度时使用：记录保留在账本中，不计入任何报表；再用 evaluation record "
        "登记正确的结果（等次录错请用 evaluation record --replace 更正）。",
        {"REF": MEMBER, "--year": "评议结果所属的年度。", "--reason": VOID_REASON},
        ("dangwu evaluation void 张伟 --year 2025 --reason 录错人",),
    ),
    "evaluation list": Help(
        "列出民主评议结果和各年度的等次分布。\n\n"
        "先按年度、再按党员列出结果，然后是各年度的等次分布（人数和比例；规则 excellent_cap "
        "开启时还有优秀比例上限）。\n\n"
        "JSON：每条结果一个对象，字段 member_id、name、year、grade、action（处置的名称，"
        "或登记的文字）、action_code（correct、persuade、remove 或 null）、votes_excellent、"
        "votes_qualified、votes_basic、votes_unqualified、meeting_id、decided_on、action_due、"
        "action_done_on、action_result、followup（null、decide、correct、decided 或 done）、"
        "followup_due 和 overdue（按 --as-of 计算）。加 --summary 时每年一个对象：year、"
        "evaluated、members（12 月 31 日的正式党员和预备党员人数）、grades（各等次人数）、"
        "shares（各等次比例）、cap（null，或 base、limit、excellent、over）。",
        {
            "--year": "年度（默认所有年度）。",
            "--summary": "只显示各年度的等次分布（及优秀比例上限）。",
        },
        ("dangwu evaluation list --year 2025", "dangwu evaluation list --summary"),
    ),
    # -- dues -----------------------------------------------------------------------------
    "dues": Help(
        "党费：缴费基数、交纳、欠交、上缴、年度收缴情况公布。",
        {},
        ("dangwu dues status", "dangwu dues pay 张伟 --month 2026-11"),
    ),
    "dues base": Help(
        "设定党员从某月起的月缴费基数，并显示交纳比例和每月应交金额。\n\n"
        "从该月起已经交纳、但低于新的应交金额的月份，不予设定：请从下个月起设定，"
        "或先冲正再重新交纳。",
        {
            "REF": MEMBER,
            "--from": "基数开始适用的月份，如 2026-01。",
            "--income": "月缴费基数（元）：每月税后的工资性收入。",
            "--fixed": "改为每月固定交纳的金额（农民、学生、减免等）。",
            "--category": "人员类别：在职、离退休、农民、学生、无业 或 其他（默认按本人档案）。",
            "--force": "即使覆盖已按较低金额交纳的月份，也照样设定（补录历史记录时使用）。",
            "--reason": FORCE_REASON,
        },
        (
            "dangwu dues base 张伟 --from 2026-12 --income 8500",
            "dangwu dues base 李娜 --from 2026-12 --fixed 0.2 --category 学生",
        ),
        metavars={"--from": "month"},
    ),
    "dues pay": Help(
        "登记党员交纳一个月或几个月的党费；多于应交的部分记为自愿多交。",
        {
            "REF": MEMBER,
            "--month": "交纳的月份，如 2026-11。",
            "--months": "连续的几个月：2026-01..2026-06。",
            "--amount": "实交金额（元；默认为这几个月的应交金额）。",
            "--on": "交纳的日期（默认今天）。",
            "--receipt": "收据编号。",
            "--by": "经支部同意由他人代交：代交人的编号或姓名。",
            "--note": "备注。",
        },
        (
            "dangwu dues pay 张伟 --month 2026-11",
            "dangwu dues pay 李娜 --months 2026-06..2026-11 --on 2026-11-28 --receipt 0012",
        ),
    ),
    "dues reverse": Help(
        "冲正一笔交费记录，以更正错误；该月重新算作未交。",
        {
            "PAYMENT_ID": "交费记录的编号（dues ledger 可查）。",
            "--reason": "原因（与冲正记录一同保存）。",
        },
        ("dangwu dues reverse 340 --reason 金额录错",),
    ),
    "dues status": Help(
        "列出截至今天（或 --as-of 那天）欠交党费的党员，以及尚未设定缴费基数的党员。",
        {"--exit-code": "有人欠交时，以退出码 3 结束" + EXIT_3 + "。"},
        ("dangwu dues status", "dangwu dues status --as-of 2026-12-31"),
    ),
    "dues remind": Help(
        "供定时任务使用：每名有欠交月份的党员一行；没有人欠交时什么也不输出。",
        {"--exit-code": "有人欠交时，以退出码 3 结束" + EXIT_3 + "。"},
        ("dangwu dues remind -f plain",),
    ),
    "dues ledger": Help(
        "交费流水：每人每月一条；自愿多交和冲正也各是一条。",
        {
            "--member": "只看此人：编号或姓名。",
            "--period": "只看这些月份：2026、2026H2、2026Q3 或 2026-11。",
        },
        ("dangwu dues ledger --member 张伟 --period 2026",),
    ),
    "dues remit": Help(
        "登记向上级党委上缴党费，并显示支部仍留存的余额。",
        {
            "--period": "这笔钱对应的期间，如 2026Q3。",
            "--amount": "上缴的金额（元）。",
            "--on": "上缴的日期。",
            "--receipt": "上级党委开具的收据编号。",
            "--force": "超过支部留存的余额也照样登记（补录历史记录时使用）。",
            "--reason": FORCE_REASON,
        },
        (
            "dangwu dues remit --period 2026Q3 --amount 1200.00 --on 2026-10-10"
            " --receipt SJ2026-031",
        ),
    ),
    "dues remit-void": Help(
        "作废一条录错的上缴记录。\n\n"
        "记录保留在账本中，不计入任何余额、检查或报表；再用 dues remit 登记正确的一条。",
        {"ID": "上缴记录的编号。", "--reason": VOID_REASON},
        ("dangwu dues remit-void 3 --reason 金额录错",),
    ),
    "dues statement-void": Help(
        "作废一条录错的党费收缴情况公布记录。\n\n"
        "记录保留在账本中，该年度重新算作未公布；用 dues statement --year 年度 --publish "
        "--on 日期 登记正确的日期。",
        {"--year": "公布记录作废的年度。", "--reason": VOID_REASON},
        ("dangwu dues statement-void --year 2025 --reason 公布日期录错",),
    ),
    "dues statement": Help(
        "年度党费收缴情况：每名党员交纳的月份和金额，以及合计。\n\n"
        "向党员公布后，加 --publish --on 日期 登记公布。",
        {
            "--year": "年度。",
            "--publish": "登记本年度的收缴情况已向党员公布。",
            "--on": "公布的日期（与 --publish 一起用）。",
        },
        (
            "dangwu dues statement --year 2025",
            "dangwu dues statement --year 2025 --publish --on 2026-01-20",
        ),
    ),
    "dues import": Help(
        "导入党费收缴登记表：每行一名党员一个月；全部无误才写入。",
        {
            "FILE": "党费收缴登记表：.csv 或 .xlsx。",
            "--force": "接受低于应交金额的交纳。",
            "--reason": FORCE_REASON,
        },
        ("dangwu dues import 党费2025.xlsx --dry-run",),
    ),
    # -- dev ------------------------------------------------------------------------------
    "dev": Help(
        "发展党员：入党申请、入党积极分子、发展对象、接收预备党员、转正。",
        {},
        ("dangwu dev list", "dangwu dev show 陈晨"),
    ),
    "dev apply": Help(
        "登记收到一份入党申请（入党申请人），输出其编号。",
        {
            **PROFILE,
            "NAME": "姓名。",
            "--on": "收到入党申请书的日期。",
            "--birth-date": "出生日期（递交申请时须年满十八岁）。",
            "--force": FORCE,
            "--reason": FORCE_REASON,
        },
        ("dangwu dev apply 赵小明 --on 2026-03-01 --birth-date 2000-05-04 --gender 男",),
        panels={"person": (*PERSONAL[:-1], "--group")},
    ),
    "dev log": Help(
        "在发展档案中登记一份材料或一个步骤。\n\n"
        "类别：\n"
        "· talk 谈话\n"
        "· review 考察\n"
        "· thought_report 思想汇报（各阶段都有）\n"
        "· training 集中培训（--hours 或 --until）\n"
        "· political_review 政治审查（一年内有效）\n"
        "· pre_review 上级党委预审\n"
        "· public_notice 公示（--until；入党申请人、积极分子阶段：确定积极分子的公示；"
        "发展对象阶段：接收前的公示；预备党员阶段：转正前的公示）\n"
        "· oath 入党宣誓\n"
        "· filing 上级党委备案（积极分子、发展对象阶段；预备党员阶段为再上一级备案）\n"
        "· committee_review 支部委员会审查（发展对象阶段，预审之前）\n"
        "· application_form 入党志愿书（--number）\n"
        "· mass_forum 群众座谈会\n"
        "· higher_talk 上级党委派人谈话\n"
        "· resolution_sent 决议报上级党委（会后三个月内）\n"
        "· conversion_application 转正申请\n"
        "· archive 材料归档",
        {
            "REF": PERSON,
            "KIND": "材料或步骤的类别，见上。",
            "--on": "日期。",
            "--by": "经办人：编号或姓名，如谈话人。",
            "--hours": "培训学时（集中培训）。",
            "--until": "最后一天（公示、集中培训）。",
            "--note": "备注。",
            "--number": "入党志愿书的编号（application_form）。",
        },
        (
            "dangwu dev log 陈晨 application_form --on 2026-03-02 --number ZY2026001",
            "dangwu dev log 周小雨 talk --on 2026-03-20 --by 张伟",
        ),
    ),
    "dev activist": Help(
        "确定入党申请人为入党积极分子。",
        {
            "REF": "入党申请人：编号或姓名。",
            "--on": "确定的日期。",
            "--contacts": "培养联系人：一至两名正式党员，用逗号分隔。",
            "--recommendation": "推荐方式：party 党员推荐（默认）、league 群团组织推优 或 mass 群众推荐。",
            "--meeting": "研究决定的支部委员会会议编号。",
            "--force": FORCE,
            "--reason": FORCE_REASON,
        },
        ("dangwu dev activist 周小雨 --on 2026-09-10 --contacts 张伟,刘洋 --meeting 14",),
    ),
    "dev candidate": Help(
        "确定入党积极分子为发展对象。",
        {
            "REF": "入党积极分子：编号或姓名。",
            "--on": "确定的日期。",
            "--introducers": "入党介绍人：两名正式党员，用逗号分隔。",
            "--meeting": "研究决定的支部委员会会议编号。",
            "--force": FORCE,
            "--reason": FORCE_REASON,
        },
        ("dangwu dev candidate 吴昊 --on 2026-09-15 --introducers 张伟,刘洋 --meeting 20",),
    ),
    "dev admit": Help(
        "支部党员大会讨论接收发展对象为预备党员。",
        {
            "REF": "发展对象：编号或姓名。",
            "--on": "支部党员大会的日期。",
            "--meeting": "支部党员大会的会议编号（先用 meeting add 支部党员大会 登记）。",
            "--for": "赞成票数。",
            "--against": "反对票数。",
            "--abstain": "弃权票数。",
            "--force": FORCE,
            "--reason": FORCE_REASON,
        },
        ("dangwu dev admit 陈晨 --on 2026-11-18 --meeting 151 --for 20 --against 0",),
    ),
    "dev approve": Help(
        "登记上级党委批准了待批的接收预备党员或转正。",
        {"REF": PERSON, "--on": "批准的日期。", "--force": FORCE, "--reason": FORCE_REASON},
        ("dangwu dev approve 陈晨 --on 2026-11-30",),
    ),
    "dev convert": Help(
        "支部党员大会讨论预备党员转为正式党员（转正）。",
        {
            "REF": "预备党员：编号或姓名。",
            "--on": "支部党员大会的日期。",
            "--meeting": "支部党员大会的会议编号（先用 meeting add 支部党员大会 登记）。",
            "--for": "赞成票数。",
            "--against": "反对票数。",
            "--abstain": "弃权票数。",
            "--force": FORCE,
            "--reason": FORCE_REASON,
        },
        ("dangwu dev convert 林涛 --on 2026-11-18 --meeting 151 --for 22 --against 0",),
    ),
    "dev extend": Help(
        "延长预备期：只能延长一次，六个月至一年。",
        {
            "REF": "预备党员：编号或姓名。",
            "--on": "支部党员大会的日期。",
            "--months": "延长的月数：6 至 12。",
            "--meeting": "支部党员大会的会议编号。",
            "--force": FORCE,
            "--reason": FORCE_REASON,
        },
        ("dangwu dev extend 林涛 --on 2026-11-18 --months 6 --meeting 151",),
        metavars={"--months": "n"},
    ),
    "dev drop": Help(
        "停止发展某人（或取消预备党员资格）；加 --all 仍可在列表中看到。",
        {"REF": PERSON, "--on": "日期。", "--reason": "原因。"},
        ("dangwu dev drop 周小雨 --on 2026-03-01 --reason 本人申请暂缓",),
    ),
    "dev void": Help(
        "作废一条录错的发展记录或步骤（谈话、考察、汇报、培训、审批，甚至接收）。\n\n"
        "记录留在档案中并标为作废，不再用于任何检查、期限或报表；作废一个阶段性的步骤，"
        "该阶段随之撤销。若有后面的步骤以它为前提，则不能作废，并逐一列出。",
        {"EVENT_ID": "记录的编号（dev show 可查）。", "--reason": VOID_REASON},
        ("dangwu dev void 57 --reason 日期录错，已重新登记",),
    ),
    "dev list": Help(
        "发展党员工作总览：每人的下一步及其期限，逾期的排在前面。\n\n"
        "加 --missing，改为列出发展档案缺材料的人：已经走过的步骤所需要的材料还没有登记"
        "（JSON：每人一个对象，字段 member_id、name、stage、missing，missing 中每项有 code "
        "和 title）；无论有无，退出码都是 0。",
        {
            "--stage": "只列此阶段：入党申请人、入党积极分子、发展对象 或 预备党员。",
            "--missing": "改为列出发展档案缺材料的人（见 dev show）。",
        },
        ("dangwu dev list", "dangwu dev list --missing"),
    ),
    "dev due": Help(
        "即将到期和已经逾期的发展步骤，逾期的排在前面。",
        {"--within": "包括今后多少天内到期的（默认 30 天）。"},
        ("dangwu dev due --within 60",),
    ),
    "dev show": Help(
        "查看一个人的发展档案：每个步骤、每份材料，以及下一步需要满足的条件。",
        {"REF": PERSON},
        ("dangwu dev show 陈晨",),
    ),
    # -- report ---------------------------------------------------------------------------
    "report": Help(
        "报表：合规检查、季度工作清单、年终报告、党内统计年报、向上级报告工作。",
        {},
        ("dangwu report checklist", "dangwu report compliance --period 2026Q3"),
    ),
    "report compliance": Help(
        "检查期间内的各项要求是否都已完成，以及账本中哪里有问题。",
        {
            "--period": "期间：2026、2026H2、2026Q3 或 2026-11（默认本季度）。",
            "--exit-code": "有未完成的要求或发现问题时，以退出码 3 结束" + EXIT_3 + "。",
            "--all-branches": ALL_BRANCHES,
        },
        ("dangwu report compliance", "dangwu report compliance --period 2026Q3"),
    ),
    "report checklist": Help(
        "本季度的每项具体工作，及其期限和是否已完成；逾期的排在前面。",
        {"--quarter": "季度，如 2026Q4（默认本季度）。"},
        ("dangwu report checklist", "dangwu report checklist --quarter 2026Q4"),
    ),
    "report year": Help(
        "年终报告：党员队伍、人员变动、会议、党费、发展党员、民主评议和发现的问题。",
        {
            "YEAR": "年度（默认今年）。",
            "--output": REPORT_OUTPUT,
            "--all-branches": ALL_BRANCHES,
        },
        ("dangwu report year 2025", "dangwu report year 2025 -o 2025年度报告.docx"),
    ),
    "report stats": Help(
        "党内统计年报的基础数据。\n\n"
        "上年末和本年末的党员人数，按类别的每一项增加和减少及其涉及的人员（第一表，核对平衡）；"
        "按性别、民族、学历、年龄、职业和入党时间分列的党员人数；本年度的民主评议、出党、"
        "预备党员转正和发展党员情况。",
        {"--year": "年报的年度，如 2025。", "--output": REPORT_OUTPUT},
        ("dangwu report stats --year 2025 -o 年报2025.xlsx",),
    ),
    "report sent": Help(
        "登记支部已向上级党委报告某一期间的工作。\n\n"
        "这项要求（higher_report）默认每年一次，rules set higher_report --every quarter "
        "可改为每季度一次；一年的报告同时算作该年每个季度的报告。",
        {
            "--period": "报告所涉的期间：2026、2026H2 或 2026Q3。",
            "--on": "报送上级党委的日期。",
            "--note": "备注（报送方式、报送给谁）。",
        },
        ("dangwu report sent --period 2025 --on 2026-01-10",),
    ),
    "report sent-void": Help(
        "作废一条录错的向上级报告记录。\n\n"
        "记录保留在账本中（留有修改记录），该期间的报告重新算作未报。",
        {"ID": "报告记录的编号。", "--reason": VOID_REASON},
        ("dangwu report sent-void 3 --reason 期间录错",),
    ),
    # -- print ----------------------------------------------------------------------------
    "print": Help(
        "打印用的文书：签到表、会议记录、党费收缴登记表、介绍信、工作手册（DOCX 或 XLSX）。",
        {},
        ("dangwu print signin 151 -o 签到表.docx",),
    ),
    "print dues-register": Help(
        "打印年度党费收缴登记表（DOCX 或 XLSX）。\n\n"
        "每名党员的月收入、交纳比例、每月应交、每月实交及交纳日期（当月截止日之后交的标“补”，"
        "过了截止日仍未交的标“未交”），全年应交、实交、补交和尚欠，以及合计——"
        "与同一天 dues statement --year 年度 的数字相同。Word 文件为 A4 横向，每页都有表头；"
        "Excel 工作簿每月一列金额（可直接求和）、一列日期。不含身份证号和电话号码。",
        {"--year": "年度，如 2026。", "--output": OUTPUT_FILE},
        ("dangwu print dues-register --year 2026 -o 2026党费收缴登记表.xlsx",),
    ),
    "print handbook": Help(
        "打印年度《党支部工作手册》（DOCX 或 XLSX）。\n\n"
        "即市直机关工委每年一月向各支部收取的内容：组织和支部委员会，名册（党员；入党申请人、"
        "入党积极分子、发展对象和预备党员），每次会议及出席情况，谈心谈话，民主评议，"
        "党费收缴登记表，组织关系转接，每人的发展档案，以及合规摘要和发现的问题。A4，带页码，"
        "每页重复表头；文件权限 0600，不覆盖已有文件。",
        {
            "--year": "年度，如 2026。",
            "--output": "文件：x.docx（或 x.xlsx）。",
            "--as-of": "编制的日期（默认今天）。",
        },
        ("dangwu print handbook --year 2025 -o 2025工作手册.docx",),
    ),
    "print signin": Help(
        "打印会议签到表（DOCX 或 XLSX）。\n\n"
        "会议名称、日期、地点、主持人，然后按名册顺序列出全部应到人员，每人留有签名栏，"
        "最后是列席人员。预定的会议可以在召开前打印（按会议那天应到的人员）；已召开的会议"
        "会标出请假和缺席的人。签到表不含身份证号和电话号码（--reveal 不起作用）。",
        {"MEETING_ID": "会议编号（dangwu meeting list 可查）。", "--output": OUTPUT_FILE},
        ("dangwu print signin 151 -o 签到表.docx",),
    ),
    "print minutes": Help(
        "打印会议记录（DOCX 或 XLSX）。\n\n"
        "表头按账本填好（会议名称、时间、地点、主持人、记录人、应到和实到人数、请假和缺席人员"
        "及原因、列席人员、议题），列出会上的表决，留出记录会议过程和决议的空白，以及主持人"
        "和记录人签字处。请先登记地点、时间和决议：dangwu meeting edit 编号 --place … "
        "--from-time 14:30 --to-time 16:00 --resolution …。",
        {"MEETING_ID": "会议编号（dangwu meeting list 可查）。", "--output": OUTPUT_FILE},
        ("dangwu print minutes 151 -o 会议记录.docx",),
    ),
    "print letter": Help(
        "打印党员组织关系介绍信（DOCX 或 XLSX）。\n\n"
        "按中组部的式样，三联印在一张 A4 纸上，用同一个编号：支部留存的存根、介绍信、寄回的回执联。"
        "内容取自 member transfer-out 的登记：姓名、性别、当天的年龄、民族、正式或预备党员、"
        "身份证号、转出和转往的党组织、党费交到的月份、有效期（用中文数字，如 二〇二六年四月、"
        "三十天）和日期。编号为转出时的介绍信编号（--letter），没有时为年份加人员编号"
        "（如 20260027）。身份证号和电话号码默认打码，加 --reveal 完整显示（寄出的介绍信需要完整的号码）。",
        {"REF": "已转出的党员：编号或姓名。", "--output": OUTPUT_FILE},
        ("dangwu print letter 曹阳 -o 介绍信.docx --reveal",),
    ),
    # -- rules ----------------------------------------------------------------------------
    "rules": Help(
        "本支部的规则设置：各项要求及其频次。",
        {},
        ("dangwu rules show",),
    ),
    "rules show": Help(
        "列出每项要求的频次、最少次数、范围、默认值和依据。",
        {},
        ("dangwu rules show",),
    ),
    "rules set": Help(
        "修改规则设置中的一项（留有修改记录；对过去的期间同样适用）。",
        {
            "CODE": "要求的代码（rules show 可查）、dues_deadline_day，或以下选项之一：partial_periods、"
            "activist_notice、conversion_notice、mass_forum、away_quarterly_dues、excellent_cap。",
            "--every": "频次：month（每月）、quarter（每季度）、half（每半年）或 year（每年）。",
            "--min": "每个周期至少几次（对 dues_deadline_day：截止日）。",
            "--on": "开启（--on）或关闭（--off）该要求或选项"
            "（partial_periods：只在某阶段待了部分周期的人，这个周期也要计算）。",
            "--value": "dues_deadline_day：每月交纳党费的截止日（1 至 28）；"
            "committee_election：任期年数（3 或 5）。",
        },
        (
            "dangwu rules set committee_meeting --every quarter --min 1",
            "dangwu rules set partial_periods --on",
            "dangwu rules set committee_election --value 5",
        ),
    ),
    # -- db -------------------------------------------------------------------------------
    "db": Help(
        "账本维护：升级、备份、检查、重新封存、查看信息、复制。",
        {},
        ("dangwu db info", "dangwu db check"),
    ),
    "db upgrade": Help(
        "升级账本的数据结构（先在账本旁边留一份备份）。",
        {},
        ("dangwu db upgrade",),
    ),
    "db backup": Help(
        "在线备份账本：得到一份一致的副本，文件权限 0600。",
        {"PATH": "副本存放的位置（不能已经存在）。"},
        ("dangwu db backup dangwu-2026-11-30.db",),
    ),
    "db check": Help(
        "检查账本是否完好、是否在 dangwu 之外被改动过。\n\n"
        "检查完整性、外键和修改记录的哈希链；把每一行数据与 dangwu 最后写入的值核对"
        "（在 dangwu 之外被改动、添加或删除的行，会指明表、行和字段）；并检查账本自身是否一致。"
        "列出每个问题（文件损坏或历史被改动时，还会在标准错误上给出警告）。",
        {
            "--exit-code": "发现问题时，以退出码 3 结束" + EXIT_3 + "。",
            "--reveal": "完整显示身份证号和电话号码。",
            "--anchor": "用 db anchor 保存的链头核对：修改记录必须仍原样包含它"
            "（被截短、或被改写并重算了哈希的，会被指出）。",
        },
        ("dangwu db check", "dangwu db check --exit-code --anchor ~/安全/账本链头.json"),
        metavars={"--anchor": "file"},
    ),
    "db anchor": Help(
        "把修改记录的链头（最新一条的编号和哈希）输出为一行 JSON，存放到账本之外。\n\n"
        "可以打印在纸上、用邮件发给上级党委，或存到另一块磁盘上。以后用 db check --anchor 文件 "
        "核对，就能发现修改记录被截短到它之前、或被整段改写并重算了哈希——单靠哈希链看不出这些。",
        {"--output": "写入这个新文件（权限 0600），而不是输出到屏幕。"},
        ("dangwu db anchor -o ~/安全/账本链头.json",),
    ),
    "db reseal": Help(
        "接受所有数据行的现状，重新封存。\n\n"
        "看过 db check 列出的在 dangwu 之外被改动的行、并把错的改正之后，重新封存，"
        "下次检查即可通过。接受的差异和理由记入修改记录。",
        {"--reason": "为什么现在的数据是正确的。"},
        ("dangwu db reseal --reason '按上级党委核对结果修正了 3 号缴费记录'",),
    ),
    "db info": Help(
        "显示账本的位置、数据结构版本、设置和各表的行数。",
        {},
        ("dangwu db info",),
    ),
    "db copy": Help(
        "在账本文件和 PostgreSQL 服务器上的支部之间复制整个账本（两个方向均可）。\n\n"
        "复制每一行（保留编号）和修改记录（保留哈希），在目标上作为一个事务完成。"
        "不使用根选项 --db。",
        {
            "SOURCE": "要复制的账本：一个文件，或 postgresql://… 地址（可带 ?branch=支部代码）。",
            "TARGET": "新文件（不能已经存在），或服务器上新建的、或只做过 init 的支部。",
        },
        ("dangwu db copy dangwu.db 'postgresql://dangwu@db.example.org/dangwu?branch=branch1'",),
    ),
    # -- branch ---------------------------------------------------------------------------
    "branch": Help(
        "PostgreSQL 服务器上的各个支部（上级党委使用）。",
        {},
        ("dangwu --db postgresql://admin@db.example.org/dangwu branch list",),
    ),
    "branch create": Help(
        "在服务器上建立一个支部：有自己的 schema 和账本，只有 --owner 能读写"
        "（用上级党委的数据库角色运行）。",
        {
            "CODE": "支部代码，即它的 schema 名，如 branch1（小写字母、数字、下划线）。",
            "--owner": "支部的登录角色（须已存在）。",
            "--name": "支部名称，如 第一党支部。",
            "--higher-org": "上级党组织的名称。",
        },
        (
            "dangwu --db postgresql://admin@db.example.org/dangwu branch create branch1"
            " --owner branch1 --name 第一党支部",
        ),
    ),
    "branch list": Help(
        "列出服务器上的支部。",
        {},
        ("dangwu --db postgresql://admin@db.example.org/dangwu branch list",),
    ),
}
