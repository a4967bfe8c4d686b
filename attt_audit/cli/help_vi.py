"""Vietnamese help: every help text of the command line, keyed by its English text.

``attt-audit --lang vi --help`` (and ``--lang vi`` before any command's ``--help``) shows these.
:func:`translate` walks the click command tree built from the typer app and swaps each text;
a text missing here stays English, and ``tests/test_help_vi.py`` lists every missing one, so a
new option gets its Vietnamese line in the same change. Imported only when ``--lang vi`` is given.
"""

from __future__ import annotations

from typing import Any

HELP_VI: dict[str, str] = {
    # global
    "Audit information systems against Vietnam's graded-security regime (an toàn HTTT theo cấp độ).": "Đánh giá hệ thống thông tin theo chế độ bảo đảm an toàn hệ thống thông tin theo cấp độ.",
    "Output language: vi (default) or en.": "Ngôn ngữ đầu ra: vi (mặc định) hoặc en.",
    "Show the full traceback on errors.": "Khi có lỗi, in đầy đủ vết lỗi (traceback).",
    "No progress bars (they are drawn on a terminal only).": "Không hiện thanh tiến độ (chỉ hiện trên màn hình dòng lệnh).",
    "Print the version and exit.": "In số phiên bản rồi thoát.",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
    "Install completion for the current shell.": "Cài tự động hoàn thành lệnh cho shell đang dùng.",
    "Show completion for the current shell, to copy it or customize the installation.": "In mã tự động hoàn thành lệnh của shell đang dùng, để sao chép hoặc tự cài.",
    "Workspace folder (inventory.yaml, answers/, evidence/).": "Thư mục làm việc (inventory.yaml, answers/, evidence/).",
    "Output language: vi or en (overrides the global option).": "Ngôn ngữ đầu ra: vi hoặc en (thay tùy chọn chung).",
    # init
    "Create a workspace: an annotated inventory.yaml, an empty answers/ folder and an evidence/ folder.": "Tạo thư mục làm việc: inventory.yaml có chú thích, thư mục answers/ và evidence/.",
    "Folder to create the workspace in.": "Thư mục sẽ tạo.",
    "Replace an existing inventory.yaml (the old one is kept as a backup).": "Thay inventory.yaml đã có (tệp cũ được giữ làm bản sao lưu).",
    # status
    "Where each system stands: level, answers, probes, last run, next deadlines, problems.": "Tình trạng từng hệ thống: cấp độ, câu trả lời, kiểm tra tự động, lần đánh giá gần nhất, hạn sắp tới, vấn đề.",
    "Only this system (default: every system).": "Chỉ hệ thống này (mặc định: mọi hệ thống).",
    "table, md or json.": "table, md hoặc json.",
    "List the questions not answered yet, with their text.": "Liệt kê các câu hỏi chưa trả lời, kèm nội dung.",
    "As of this day YYYY-MM-DD (default: today in Vietnam).": "Tính đến ngày YYYY-MM-DD (mặc định: hôm nay, giờ Việt Nam).",
    "Probe evidence older than DAYS is stale (90).": "Kết quả kiểm tra tự động cũ hơn DAYS ngày là đã cũ (90).",
    # classify
    "Propose each system's level from the inventory, with the matching articles, authority and deadlines.": "Đề xuất cấp độ của từng hệ thống theo danh mục, kèm điều khoản khớp, thẩm quyền và thời hạn.",
    "Only this system id.": "Chỉ hệ thống có mã này.",
    "nd85 or nd331 (default: the regime in force on the assessment date).": "nd85 hoặc nd331 (mặc định: chế độ có hiệu lực vào ngày đánh giá).",
    "table, json or md.": "table, json hoặc md.",
    "Assessment date YYYY-MM-DD (default: today).": "Ngày đánh giá YYYY-MM-DD (mặc định: hôm nay).",
    "Exit with code 1 when a declared level differs from the proposed one.": "Thoát với mã 1 khi cấp độ khai báo khác cấp độ đề xuất.",
    # probe
    "Probe declared hosts and endpoints: ports, TLS and certificates, HTTP headers, SSH.": "Kiểm tra tự động các máy chủ và địa chỉ đã khai báo: cổng, TLS và chứng thư, tiêu đề HTTP, SSH.",
    "Probe this system (repeatable).": "Kiểm tra hệ thống này (có thể lặp lại).",
    "Probe every system of the inventory.": "Kiểm tra mọi hệ thống trong danh mục.",
    "Probe kinds, comma-separated: ports,tls,http,ssh (default all).": "Loại kiểm tra, cách nhau bằng dấu phẩy: ports,tls,http,ssh (mặc định: tất cả).",
    "Only this declared host or host:port (repeatable); anything undeclared is refused.": "Chỉ máy chủ hoặc host:port đã khai báo này (có thể lặp lại); địa chỉ chưa khai báo bị từ chối.",
    "Print exactly what would be contacted, and contact nothing.": "In chính xác những gì sẽ được kết nối, không kết nối gì.",
    "Allow declared ranges larger than a /24.": "Cho phép dải địa chỉ khai báo lớn hơn /24.",
    "Also run nmap ssl-enum-ciphers for what the local OpenSSL cannot test (SSLv3, RC4, 3DES, DES, EXPORT).": "Chạy thêm nmap ssl-enum-ciphers cho những gì OpenSSL trên máy không kiểm tra được (SSLv3, RC4, 3DES, DES, EXPORT).",
    "Targets probed at once.": "Số đích kiểm tra cùng lúc.",
    "Probes at once against one host.": "Số phép kiểm tra cùng lúc trên một máy chủ.",
    "At most N new connections per second (all probes).": "Tối đa N kết nối mới mỗi giây (mọi phép kiểm tra).",
    "Per-connection timeout, seconds.": "Thời gian chờ mỗi kết nối, giây.",
    "Per-target (and nmap per-host) time limit, seconds.": "Thời gian tối đa cho mỗi đích (và mỗi máy chủ với nmap), giây.",
    "Overall time budget of the sweep, seconds.": "Tổng thời gian tối đa của lượt kiểm tra, giây.",
    # run
    "Assess systems against a profile and write their reports (gap assessment).": "Đánh giá các hệ thống theo hồ sơ yêu cầu và ghi báo cáo (đánh giá khoảng cách).",
    "Profile to assess against, e.g. level3.": "Hồ sơ yêu cầu dùng để đánh giá, ví dụ level3.",
    "Assess only this system (repeatable). Default: all systems.": "Chỉ đánh giá hệ thống này (có thể lặp lại). Mặc định: mọi hệ thống.",
    "Assess every system of the inventory.": "Đánh giá mọi hệ thống trong danh mục.",
    "Run the network probes first (only against declared targets); default: use recorded evidence.": "Chạy kiểm tra tự động trước (chỉ với đích đã khai báo); mặc định: dùng bằng chứng đã ghi.",
    "Report formats, comma-separated: html,md,json,docx.": "Định dạng báo cáo, cách nhau bằng dấu phẩy: html,md,json,docx.",
    "Output folder (default <workspace>/runs/<date>-<profile>/, then -2, -3 … the same day).": "Thư mục kết quả (mặc định <workspace>/runs/<ngày>-<hồ sơ>/, rồi -2, -3 … nếu chạy lại trong ngày).",
    "With --out: write into a folder that already holds files.": "Cùng --out: cho phép ghi vào thư mục đã có tệp.",
    "Exit 1 when a system's overall score (with waivers) is below N %.": "Thoát với mã 1 khi điểm tổng (tính miễn trừ) của một hệ thống dưới N %.",
    "Assessment date YYYY-MM-DD (default: today in Asia/Ho_Chi_Minh).": "Ngày đánh giá YYYY-MM-DD (mặc định: hôm nay, giờ Việt Nam).",
    "Probe evidence older than DAYS on the assessment date is stale and never counts as a pass (default 90).": "Kết quả kiểm tra tự động cũ hơn DAYS ngày tính đến ngày đánh giá là đã cũ, không bao giờ được tính là Đạt (mặc định 90).",
    "Assess every system against this profile, even one approved at another level.": "Đánh giá mọi hệ thống theo hồ sơ này, kể cả hệ thống được phê duyệt ở cấp độ khác.",
    "A restyled copy of the reports/ folder.": "Bản sao thư mục reports/ đã chỉnh mẫu.",
    "Sign the run folder with this private key (NAME.key.pem): SHA-256 manifest of every report and evidence file plus an Ed25519 signature; check it with 'attt-audit verify'.": "Ký thư mục kết quả bằng khóa bí mật này (NAME.key.pem): bảng băm SHA-256 mọi báo cáo và tệp bằng chứng kèm chữ ký Ed25519; kiểm tra bằng 'attt-audit verify'.",
    "With --sign: file holding the key's passphrase (else $ATTT_AUDIT_PASSPHRASE, else a prompt).": "Cùng --sign: tệp chứa mật khẩu của khóa (nếu không: $ATTT_AUDIT_PASSPHRASE, nếu không: hỏi).",
    "Systems assessed in parallel (default: the number of cores; 1: one by one).": "Số hệ thống đánh giá song song (mặc định: số lõi CPU; 1: lần lượt).",
    # render
    "Render reports from saved results (result.json), e.g. in English or with your own templates.": "Tạo lại báo cáo từ kết quả đã lưu (result.json), ví dụ bằng tiếng Anh hoặc theo mẫu riêng.",
    "result.json files, or run folders (every <system>/result.json in them).": "Tệp result.json, hoặc thư mục kết quả (mọi <hệ thống>/result.json trong đó).",
    "Report formats, comma-separated: html,md,docx.": "Định dạng báo cáo, cách nhau bằng dấu phẩy: html,md,docx.",
    "Output folder (default: beside each result.json).": "Thư mục kết quả (mặc định: cạnh mỗi result.json).",
    "A restyled copy of the reports/ folder (default: the bundled one).": "Bản sao thư mục reports/ đã chỉnh mẫu (mặc định: mẫu đi kèm).",
    # diff
    "Compare two run results: newly failing, fixed, regressed, unchanged, added or removed requirements.": "So sánh hai lần đánh giá: yêu cầu mới không đạt, đã khắc phục, kém đi, không đổi, thêm hoặc bỏ.",
    "Older run folder, system folder or result.json (or a run id under <workspace>/runs).": "Thư mục lần đánh giá cũ, thư mục hệ thống hoặc result.json (hoặc mã lần đánh giá trong <workspace>/runs).",
    "Newer run folder, system folder or result.json.": "Thư mục lần đánh giá mới, thư mục hệ thống hoặc result.json.",
    "Write to this file instead of the screen.": "Ghi vào tệp này thay vì in ra màn hình.",
    "Also list unchanged requirements.": "Liệt kê cả các yêu cầu không đổi.",
    "Exit 1 when anything newly fails or regressed.": "Thoát với mã 1 khi có yêu cầu mới không đạt hoặc kém đi.",
    "On the screen, show at most this many changes, most serious first (0: all).": "Trên màn hình, chỉ hiện tối đa chừng này thay đổi, nghiêm trọng nhất trước (0: hiện tất cả).",
    # sign / verify / keys
    "Sign a folder: manifest of every file's SHA-256 plus an Ed25519 signature ('run --sign' does the same).": "Ký một thư mục: bảng băm SHA-256 của mọi tệp kèm chữ ký Ed25519 ('run --sign' làm tương tự).",
    "Folder to sign (a run folder or an annual-report folder).": "Thư mục cần ký (thư mục kết quả đánh giá hoặc báo cáo năm).",
    "Private key (NAME.key.pem from 'keys generate').": "Khóa bí mật (NAME.key.pem do 'keys generate' tạo).",
    "File holding the key's passphrase (else $ATTT_AUDIT_PASSPHRASE, else a hidden prompt).": "Tệp chứa mật khẩu của khóa (nếu không: $ATTT_AUDIT_PASSPHRASE, nếu không: hỏi ẩn).",
    "Copy the run's inputs and evidence from this workspace into the bundle first.": "Trước khi ký, chép dữ liệu đầu vào và bằng chứng của lần đánh giá từ thư mục làm việc này vào gói.",
    "Check a signed bundle: the signature, and every file changed, added or removed since signing.": "Kiểm tra gói đã ký: chữ ký, và mọi tệp bị sửa, thêm hoặc xóa từ khi ký.",
    "Signed bundle folder (a run folder signed with --sign).": "Thư mục gói đã ký (thư mục kết quả ký bằng --sign).",
    "Public key you trust (NAME.pub.pem). Without it only integrity is checked.": "Khóa công khai tin cậy (NAME.pub.pem). Không có khóa này thì chỉ kiểm tra tính toàn vẹn.",
    "Print the result as JSON.": "In kết quả dạng JSON.",
    "Signing keys for report bundles (Ed25519).": "Khóa ký gói báo cáo (Ed25519).",
    "Generate an Ed25519 key pair; the private key is encrypted with a passphrase.": "Tạo cặp khóa Ed25519; khóa bí mật được mã hóa bằng mật khẩu.",
    "Key name: writes NAME.key.pem (encrypted private key) and NAME.pub.pem.": "Tên khóa: ghi NAME.key.pem (khóa bí mật đã mã hóa) và NAME.pub.pem.",
    "Overwrite existing key files.": "Ghi đè tệp khóa đã có.",
    # schema
    "Write JSON Schemas for every file the tool reads or writes, for editor validation.": "Ghi JSON Schema của mọi tệp công cụ đọc hoặc ghi, để trình soạn thảo kiểm tra khi gõ.",
    "Folder to write the JSON Schemas into.": "Thư mục ghi JSON Schema.",
    # dossier
    "Level dossiers: draft every document, track each file to approval.": "Hồ sơ đề xuất cấp độ: dự thảo mọi văn bản, theo dõi từng hồ sơ đến khi phê duyệt.",
    "Draft every document of the level dossier from what the workspace knows; gaps are marked.": "Dự thảo mọi văn bản của hồ sơ đề xuất cấp độ từ dữ liệu đã có; chỗ thiếu được đánh dấu.",
    "System id (or --all).": "Mã hệ thống (hoặc --all).",
    "Every system of the inventory.": "Mọi hệ thống trong danh mục.",
    "nd85 or nd331 (default: the file's, else the regime in force on --date).": "nd85 hoặc nd331 (mặc định: chế độ của hồ sơ, nếu không: chế độ có hiệu lực vào --date).",
    "Comma-separated: docx, md, html.": "Cách nhau bằng dấu phẩy: docx, md, html.",
    "Output folder (default <workspace>/dossiers/<system>/; with --all, the parent).": "Thư mục kết quả (mặc định <workspace>/dossiers/<hệ thống>/; với --all là thư mục cha).",
    "Exit with code 1 while any fact is still to be supplied.": "Thoát với mã 1 khi còn thông tin cần bổ sung.",
    "Drafting date YYYY-MM-DD (default: today).": "Ngày dự thảo YYYY-MM-DD (mặc định: hôm nay).",
    "A copy of the reports/ folder with restyled templates.": "Bản sao thư mục reports/ với mẫu đã chỉnh.",
    "The step each system's file is at, its next legal deadline, and changes since approval.": "Bước hiện tại của hồ sơ từng hệ thống, thời hạn luật định tiếp theo, và thay đổi từ khi phê duyệt.",
    "Today's date YYYY-MM-DD (default: today).": "Ngày hôm nay YYYY-MM-DD (mặc định: hôm nay).",
    "Regime of files that record none.": "Chế độ áp dụng cho hồ sơ không ghi chế độ.",
    # questionnaire
    "Questionnaires for a system: generate (YAML or Excel), fill interactively, import, check.": "Bảng câu hỏi của hệ thống: tạo (YAML hoặc Excel), trả lời từng câu, nhập, kiểm tra.",
    "Write the questionnaire of one system, merging every answer it already has.": "Ghi bảng câu hỏi của một hệ thống, giữ mọi câu trả lời đã có.",
    "System id from inventory.yaml.": "Mã hệ thống trong inventory.yaml.",
    "Profile id (default: the profile of the system's assessed level).": "Mã hồ sơ yêu cầu (mặc định: hồ sơ của cấp độ đánh giá hệ thống).",
    "yaml (the answers file) or xlsx.": "yaml (tệp câu trả lời) hoặc xlsx.",
    "File to write (yaml: answers/<system>.yaml; xlsx: questionnaires/<system>.xlsx).": "Tệp sẽ ghi (yaml: answers/<hệ thống>.yaml; xlsx: questionnaires/<hệ thống>.xlsx).",
    "Write over a workbook holding answers not yet imported, after copying it to <name>.<time>.bak.xlsx.": "Ghi đè bảng tính có câu trả lời chưa nhập, sau khi sao lưu nó thành <tên>.<thời điểm>.bak.xlsx.",
    "Validate a filled questionnaire and write the system's answers file.": "Kiểm tra bảng câu hỏi đã điền và ghi tệp câu trả lời của hệ thống.",
    "A filled workbook (.xlsx) or YAML form (.yaml).": "Bảng tính đã điền (.xlsx) hoặc biểu mẫu YAML (.yaml).",
    "Expected system id (default: the one in the file).": "Mã hệ thống mong đợi (mặc định: mã ghi trong tệp).",
    "Take the file's answer even where the answers file changed since.": "Lấy câu trả lời trong tệp kể cả khi tệp câu trả lời đã thay đổi sau đó.",
    "Who answered (when the file does not say).": "Người trả lời (khi tệp không ghi).",
    "Answer the questionnaire one question at a time (:b back, :s skip, :q save and quit).": "Trả lời lần lượt từng câu hỏi (:b quay lại, :s bỏ qua, :q lưu và thoát).",
    "Ask only questions without an answer.": "Chỉ hỏi các câu chưa có câu trả lời.",
    "Who is answering (stored with each answer).": "Người đang trả lời (ghi kèm mỗi câu trả lời).",
    "Đạt needs evidence from this level (0: never).": "Từ cấp độ này, trả lời Đạt cần bằng chứng (0: không bao giờ).",
    "Check answers: N/A justified, Đạt with evidence at level 3+, no unknown keys; stale ones kept.": "Kiểm tra câu trả lời: Không áp dụng có lý do, Đạt có bằng chứng từ cấp độ 3, không có mã lạ; câu trả lời cũ được giữ.",
    "System id (default: every system with answers).": "Mã hệ thống (mặc định: mọi hệ thống có câu trả lời).",
    # report annual
    "Organisation-level reports.": "Báo cáo của cơ quan, tổ chức.",
    "The organisation's annual graded-security report over all its systems (the regime's form, Mẫu 08).": "Báo cáo năm về bảo đảm an toàn hệ thống thông tin theo cấp độ của cơ quan, tổ chức, trên mọi hệ thống (theo mẫu của chế độ, Mẫu 08).",
    "Report year (data period 15/12 of the year before → 14/12).": "Năm báo cáo (kỳ số liệu từ 15/12 năm trước đến 14/12).",
    "Comma-separated: docx, html, xlsx, json.": "Cách nhau bằng dấu phẩy: docx, html, xlsx, json.",
    "Output folder (default <workspace>/reports/annual-<year>/).": "Thư mục kết quả (mặc định <workspace>/reports/annual-<năm>/).",
    "Run folder for this year (default: the latest run in the data period).": "Thư mục lần đánh giá của năm này (mặc định: lần mới nhất trong kỳ số liệu).",
    "Run folder for the previous year (default: the latest run in its data period).": "Thư mục lần đánh giá của năm trước (mặc định: lần mới nhất trong kỳ số liệu đó).",
    "nd85 or nd331 (default: the regime in force at the period's end).": "nd85 hoặc nd331 (mặc định: chế độ có hiệu lực vào cuối kỳ).",
    # province
    "Province: take in units' signed reports, roll them up, plan and conclude inspections.": "Cấp tỉnh: tiếp nhận báo cáo đã ký của các đơn vị, tổng hợp, lập kế hoạch và kết luận kiểm tra.",
    "Create province.yaml (annotated) and the inbox/, accepted/, rejected/, runs/ folders.": "Tạo province.yaml (có chú thích) và các thư mục inbox/, accepted/, rejected/, runs/.",
    "Folder to create the province workspace in.": "Thư mục sẽ tạo thư mục làm việc cấp tỉnh.",
    "Replace province.yaml (the old one is kept).": "Thay province.yaml (tệp cũ được giữ).",
    "Verify each bundle (signature, manifest, period, deadline, Mẫu 08 checks); accept read-only or reject with reasons.": "Kiểm tra từng gói (chữ ký, bảng băm, kỳ báo cáo, thời hạn, Mẫu 08); tiếp nhận ở chế độ chỉ đọc hoặc từ chối kèm lý do.",
    "Bundle folders or Excel Mẫu 08 files (default: the inbox).": "Thư mục gói hoặc tệp Excel Mẫu 08 (mặc định: inbox).",
    "Unit id of an Excel file (default: from column 3).": "Mã đơn vị của tệp Excel (mặc định: lấy từ cột 3).",
    "Report year of an Excel file that does not state it.": "Năm báo cáo của tệp Excel không ghi năm.",
    "Province workspace (province.yaml, inbox/, accepted/ …).": "Thư mục làm việc cấp tỉnh (province.yaml, inbox/, accepted/ …).",
    "Indicators, consolidated Mẫu 08, overdue lists; status report (Word), dashboard (HTML), xlsx, JSON.": "Chỉ tiêu, Mẫu 08 tổng hợp, danh sách quá hạn; báo cáo tình hình (Word), bảng theo dõi (HTML), xlsx, JSON.",
    "Report year (data 15/12 → 14/12).": "Năm báo cáo (số liệu 15/12 → 14/12).",
    "Output folder (default <workspace>/runs/tổng-hợp-<year>/).": "Thư mục kết quả (mặc định <workspace>/runs/tổng-hợp-<năm>/).",
    "Date overdue items are judged on (default: the period's end).": "Ngày dùng để xét quá hạn (mặc định: cuối kỳ).",
    "Select units and systems by the rules of province.yaml and schedule them across the year with the team.": "Chọn đơn vị và hệ thống theo quy tắc trong province.yaml và xếp lịch kiểm tra trong năm cùng tổ kiểm tra.",
    "Plan year (uses the year before's reports).": "Năm kế hoạch (dùng báo cáo của năm trước).",
    "Comma-separated: docx, json.": "Cách nhau bằng dấu phẩy: docx, json.",
    "Output folder (default <workspace>/runs/kế-hoạch-kiểm-tra-<year>/).": "Thư mục kết quả (mặc định <workspace>/runs/kế-hoạch-kiểm-tra-<năm>/).",
    "The Thông báo kết luận kiểm tra of one unit from its accepted report: findings, fixes, deadlines.": "Thông báo kết luận kiểm tra của một đơn vị từ báo cáo đã tiếp nhận: phát hiện, biện pháp khắc phục, thời hạn.",
    "Unit id (as in province.yaml).": "Mã đơn vị (như trong province.yaml).",
    "Report year (default: the latest accepted).": "Năm báo cáo (mặc định: năm mới nhất đã tiếp nhận).",
    "Date of the notice YYYY-MM-DD (default: today).": "Ngày thông báo YYYY-MM-DD (mặc định: hôm nay).",
    "Output folder (default <workspace>/runs/kết-luận-<unit>-<year>/).": "Thư mục kết quả (mặc định <workspace>/runs/kết-luận-<đơn vị>-<năm>/).",
    # catalog / profile
    "Browse and check the requirement catalog.": "Xem và kiểm tra danh mục yêu cầu.",
    "List the controls of the catalog.": "Liệt kê các yêu cầu trong danh mục.",
    "Only controls with a variant at this level.": "Chỉ các yêu cầu có ở cấp độ này.",
    "Only this framework.": "Chỉ bộ yêu cầu này.",
    "Show everything about one control: levels, clauses, questions, evidence, parameters, checks.": "Xem đầy đủ một yêu cầu: cấp độ, điều khoản, câu hỏi, bằng chứng, tham số, phép kiểm tra.",
    "Control id, e.g. layer.in-house-force.decision": "Mã yêu cầu, ví dụ layer.in-house-force.decision",
    "Check the catalog and profiles: ids, references, texts, clause numbers, profiles resolve.": "Kiểm tra danh mục và hồ sơ yêu cầu: mã, tham chiếu, nội dung, số điều khoản, hồ sơ giải được.",
    "Per level: clauses of the standards, design requirements, duties and 4-layer items.": "Theo cấp độ: số điều khoản của các tiêu chuẩn, yêu cầu thiết kế, nghĩa vụ và mục mô hình 4 lớp.",
    "Only frameworks of this regime: nd85 or nd331 (default: all).": "Chỉ các bộ yêu cầu của chế độ này: nd85 hoặc nd331 (mặc định: tất cả).",
    "List and show profiles (the requirements that apply at a level).": "Liệt kê và xem hồ sơ yêu cầu (các yêu cầu áp dụng ở một cấp độ).",
    "List the available profiles.": "Liệt kê các hồ sơ yêu cầu có sẵn.",
    "Show the resolved requirement list of a profile, each with its clause or article.": "Xem danh sách yêu cầu của một hồ sơ, mỗi yêu cầu kèm điều khoản.",
    "Profile id, e.g. level3": "Mã hồ sơ yêu cầu, ví dụ level3",
}


def translate(command: Any) -> list[str]:
    """Swap every help text of a click command tree for its Vietnamese line; return the texts
    left in English (none when the table is complete)."""
    missing: list[str] = []

    def swap(text: str | None) -> str | None:
        if not text:
            return text
        key = text.strip()
        if key in HELP_VI:
            return HELP_VI[key]
        if key not in missing:
            missing.append(key)
        return text

    def walk(cmd: Any) -> None:
        cmd.help = swap(cmd.help)
        own = cmd.get_help_option

        def help_option(ctx: Any, own: Any = own) -> Any:  # click adds --help itself, in English
            option = own(ctx)
            if option is not None:
                option.help = HELP_VI["Show this message and exit."]
            return option

        cmd.get_help_option = help_option
        if getattr(cmd, "short_help", None):
            cmd.short_help = swap(cmd.short_help)
        for param in cmd.params:
            if getattr(param, "help", None):
                param.help = swap(param.help)
        for sub in getattr(cmd, "commands", {}).values():
            walk(sub)

    walk(command)
    return missing
