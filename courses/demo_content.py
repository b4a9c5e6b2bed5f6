"""Demo course content for the "Bình dân học vụ số" platform.

Three ready-to-publish demo courses written in Vietnamese for commune officials (cán bộ,
công chức, viên chức), members of Community Digital Technology Teams (Tổ công nghệ số cộng
đồng) and citizens, in the spirit of Resolution 57-NQ/TW:

1. "Kỹ năng số cơ bản trên điện thoại thông minh" (beginner).
2. "An toàn thông tin và phòng tránh lừa đảo trực tuyến" (beginner).
3. "Sử dụng dịch vụ công trực tuyến và định danh điện tử VNeID" (intermediate, sequential).

This is a pure data module (no Django imports) so it can be loaded by a management command,
a data migration or tests. Shape of ``COURSES``:

- Course dict keys: ``title``, ``slug``, ``summary``, ``topic``, ``level``
  ("beginner" | "intermediate" | "advanced"), ``target_groups`` (subset of "official",
  "digital_team", "citizen"), ``duration_minutes``, ``outcomes``, ``sequential``,
  ``certificate``, ``modules`` and ``quiz``.
- Module dict: ``title``, ``slug``, ``minutes`` and ``body``, a list of ``(type, value)``
  blocks: ``("heading", str)``, ``("paragraph", html)`` where the HTML uses only ``<p>``,
  ``<b>``, ``<i>``, ``<ul>``, ``<ol>`` and ``<li>``, and ``("callout", {"kind": "tip" |
  "note" | "warning", "title": str, "text": html})``.
- Quiz dict: ``title``, ``instructions``, ``pass_mark`` (percent) and ``questions``. Every
  question has ``type``, ``text``, ``points`` and ``explanation``, plus by type:
  ``choices`` as ``(text, is_correct)`` tuples for "single" (exactly one correct) and
  "multiple" (two or more correct, with ``partial_credit``); ``answer`` (bool) for
  "true_false"; ``accepted`` (list of answers, matched ignoring case and diacritics) for
  "short_text"; ``items`` in the correct order for "ordering".

All text is NFC-normalised Vietnamese. Facts are kept generic; the only web address used is
the national public service portal (dichvucong.gov.vn) and the only phone numbers are the
well-known official ones (113 police, 156 and 5656 for reporting spam and scam calls or
messages; 111, 114 and 115 appear only as quiz distractors).
"""

COURSES: list[dict] = [
    {
        "title": "Kỹ năng số cơ bản trên điện thoại thông minh",
        "slug": "ky-nang-so-co-ban-tren-dien-thoai",
        "summary": (
            "Khóa học giúp người mới bắt đầu tự tin dùng điện thoại thông minh trong cuộc sống "
            "hằng ngày: chỉnh cài đặt, kết nối Internet, cài ứng dụng an toàn, nhắn tin, chụp và "
            "chia sẻ ảnh, tìm kiếm thông tin. Mỗi bài ngắn gọn, có hướng dẫn từng bước và ví dụ "
            "gần gũi ở xã, thôn, bản."
        ),
        "topic": "Kỹ năng số cơ bản",
        "level": "beginner",
        "target_groups": ["citizen", "official", "digital_team"],
        "duration_minutes": 95,
        "outcomes": [
            (
                "Thực hiện được các cài đặt cơ bản trên điện thoại: cỡ chữ, độ sáng, âm thanh, "
                "khóa màn hình."
            ),
            "Kết nối Wi-Fi, bật dữ liệu di động 4G và biết cách tiết kiệm dung lượng.",
            "Tìm và cài ứng dụng an toàn từ CH Play hoặc App Store, nhận biết ứng dụng giả mạo.",
            "Nhắn tin, gọi video, chụp ảnh và gửi ảnh qua Zalo cho người thân và nhóm công việc.",
            "Tìm kiếm thông tin trên Internet và phân biệt nguồn chính thống với tin giả.",
        ],
        "sequential": False,
        "certificate": True,
        "modules": [
            {
                "title": "Làm quen với điện thoại và phần Cài đặt",
                "slug": "lam-quen-dien-thoai-va-cai-dat",
                "minutes": 15,
                "body": [
                    ("heading", "Các nút bấm và màn hình chính"),
                    (
                        "paragraph",
                        (
                            "<p>Điện thoại thông minh thường chỉ có ba nút bấm bên ngoài: <b>nút "
                            "nguồn</b> để bật, tắt và khóa màn hình, cùng hai <b>nút âm lượng</b> "
                            "để tăng, giảm tiếng. Mọi thao tác còn lại đều làm bằng ngón tay trên "
                            "màn hình cảm ứng. Bạn cần làm quen với bốn động tác: <b>chạm</b> một "
                            "lần để mở, <b>chạm và giữ</b> để hiện thêm lựa chọn, <b>vuốt</b> để "
                            "chuyển trang, và <b>chụm hoặc mở rộng hai ngón tay</b> để thu nhỏ, "
                            "phóng to ảnh hay chữ.</p><p>Màn hình chính là nơi đặt các biểu tượng "
                            "ứng dụng như Điện thoại, Tin nhắn, Máy ảnh, Zalo. Vuốt từ mép trên "
                            "màn hình xuống sẽ mở <b>bảng điều khiển nhanh</b>, nơi bật, tắt "
                            "Wi-Fi, dữ liệu di động, đèn pin hay chế độ rung chỉ bằng một lần "
                            "chạm.</p>"
                        ),
                    ),
                    ("heading", "Mở phần Cài đặt và chỉnh máy cho dễ dùng"),
                    (
                        "paragraph",
                        (
                            "<p>Biểu tượng <b>Cài đặt</b> thường có hình bánh răng. Đây là nơi "
                            "điều chỉnh mọi thứ của máy. Với người lớn tuổi hoặc người mới dùng, "
                            "nên chỉnh ngay mấy mục sau:</p><ol><li>Mở <b>Cài đặt</b>, chọn <b>Màn "
                            "hình</b> (có máy ghi là <i>Hiển thị</i>).</li><li>Chọn <b>Cỡ chữ</b> "
                            "hoặc <b>Kích thước phông chữ</b>, kéo thanh trượt sang phải để chữ to "
                            "hơn, dễ đọc hơn.</li><li>Chỉnh <b>Độ sáng</b> vừa mắt; bật độ sáng tự "
                            "động để máy tự điều chỉnh khi ra nắng hoặc vào nhà.</li><li>Quay lại "
                            "Cài đặt, chọn <b>Âm thanh</b> để tăng tiếng chuông, tránh bỏ lỡ cuộc "
                            "gọi khi đang làm ngoài đồng.</li></ol><p>Tên các mục có thể hơi khác "
                            "nhau giữa máy Samsung, Oppo, Xiaomi hay iPhone. Nếu không tìm thấy, "
                            "hãy chạm vào ô tìm kiếm hình kính lúp ở đầu trang Cài đặt và gõ từ "
                            "khóa, ví dụ gõ “cỡ chữ”.</p>"
                        ),
                    ),
                    ("heading", "Khóa màn hình để bảo vệ điện thoại"),
                    (
                        "paragraph",
                        (
                            "<p>Điện thoại chứa danh bạ, ảnh gia đình, tin nhắn và cả ứng dụng "
                            "ngân hàng, nên cần đặt <b>khóa màn hình</b>. Vào <b>Cài đặt</b> → "
                            "<b>Bảo mật</b> (hoặc <i>Màn hình khóa</i>) → chọn <b>Mã PIN</b> hoặc "
                            "<b>Mật khẩu</b>, sau đó có thể thêm vân tay hoặc nhận diện khuôn mặt "
                            "để mở máy nhanh hơn. Tránh đặt mã dễ đoán như 123456, 000000 hay năm "
                            "sinh của mình.</p>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "tip",
                            "title": "Mẹo khi hướng dẫn bà con",
                            "text": (
                                "<p>Thành viên Tổ công nghệ số cộng đồng nên để người dân tự cầm "
                                "máy và tự bấm, mình chỉ ngồi bên cạnh nhắc từng bước. Mã khóa màn "
                                "hình do chính chủ máy đặt; có thể ghi vào sổ riêng của gia đình "
                                "và cất nơi an toàn, tuyệt đối không dán lên lưng điện thoại.</p>"
                            ),
                        },
                    ),
                    ("heading", "Cập nhật phần mềm và giữ pin bền"),
                    (
                        "paragraph",
                        (
                            "<p>Thỉnh thoảng máy sẽ báo có <b>bản cập nhật phần mềm</b>. Các bản "
                            "cập nhật thường vá lỗi bảo mật, vì vậy nên cài đặt khi điện thoại "
                            "đang kết nối Wi-Fi và pin còn trên 50%. Để pin bền, hãy dùng bộ sạc "
                            "đi kèm máy hoặc bộ sạc chính hãng, không vừa sạc vừa chơi trò chơi "
                            "lâu, và đóng bớt các ứng dụng không dùng đến.</p><p><i>Ví dụ:</i> Bác "
                            "Thìn ở thôn Đồng Tâm mới được con gái mua cho chiếc điện thoại. Sau "
                            "buổi hướng dẫn ở nhà văn hóa thôn, bác tự tăng cỡ chữ, chỉnh chuông "
                            "to và đặt mã khóa màn hình. Giờ bác đọc tin nhắn không cần đeo kính "
                            "và không còn lỡ cuộc gọi của con cháu.</p>"
                        ),
                    ),
                ],
            },
            {
                "title": "Kết nối Internet: Wi-Fi và dữ liệu di động 4G",
                "slug": "ket-noi-wifi-va-4g",
                "minutes": 15,
                "body": [
                    ("heading", "Wi-Fi và 4G khác nhau thế nào?"),
                    (
                        "paragraph",
                        (
                            "<p>Điện thoại có hai cách chính để vào mạng Internet. <b>Wi-Fi</b> là "
                            "sóng phát ra từ bộ phát (modem) của mạng cáp quang lắp tại nhà, tại "
                            "trụ sở Ủy ban nhân dân xã, trường học hay quán cà phê. <b>Dữ liệu di "
                            "động</b> (3G, 4G, 5G) là Internet do nhà mạng cung cấp qua SIM, dùng "
                            "được ở bất cứ nơi nào có sóng, kể cả ngoài nương rẫy. Dùng Wi-Fi "
                            "thường không bị tính tiền theo dung lượng, còn dữ liệu di động sẽ trừ "
                            "vào gói cước bạn đăng ký.</p>"
                        ),
                    ),
                    ("heading", "Kết nối Wi-Fi từng bước"),
                    (
                        "paragraph",
                        (
                            "<ol><li>Vuốt từ trên xuống để mở bảng điều khiển nhanh, chạm và giữ "
                            "biểu tượng Wi-Fi (hoặc vào <b>Cài đặt</b> → "
                            "<b>Wi-Fi</b>).</li><li>Bật công tắc Wi-Fi; máy sẽ hiện danh sách các "
                            "mạng xung quanh.</li><li>Chọn đúng tên mạng, ví dụ mạng của nhà văn "
                            "hóa thôn.</li><li>Nhập mật khẩu Wi-Fi (phân biệt chữ hoa, chữ thường) "
                            "rồi chạm <b>Kết nối</b>.</li><li>Khi dưới tên mạng hiện chữ <i>Đã kết "
                            "nối</i> và biểu tượng hình quạt xuất hiện ở đầu màn hình, bạn đã vào "
                            "được mạng.</li></ol><p>Mật khẩu Wi-Fi gia đình thường in ở mặt dưới "
                            "modem. Những lần sau, máy sẽ tự kết nối khi bạn ở gần mạng đó.</p>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "warning",
                            "title": "Cẩn thận với Wi-Fi công cộng",
                            "text": (
                                "<p>Wi-Fi miễn phí không cần mật khẩu ở bến xe, quán ăn có thể bị "
                                "kẻ xấu theo dõi. Khi dùng các mạng này, không đăng nhập ứng dụng "
                                "ngân hàng, không chuyển tiền, không nhập mật khẩu quan trọng. "
                                "Việc cần bảo mật hãy làm bằng 4G của chính mình.</p>"
                            ),
                        },
                    ),
                    ("heading", "Bật dữ liệu di động và kiểm tra gói cước"),
                    (
                        "paragraph",
                        (
                            "<p>Vào <b>Cài đặt</b> → <b>Kết nối</b> (hoặc <i>Mạng di động</i>) → "
                            "bật <b>Dữ liệu di động</b>. Trên thanh trạng thái sẽ xuất hiện chữ 4G "
                            "hoặc LTE. Nếu có sóng mà không vào được mạng, hãy kiểm tra SIM đã "
                            "đăng ký gói dữ liệu hay chưa, hoặc đã hết dung lượng tốc độ cao. Cách "
                            "đơn giản là mở ứng dụng chính thức của nhà mạng, hoặc hỏi tại cửa "
                            "hàng giao dịch của nhà mạng gần nhất.</p>"
                        ),
                    ),
                    ("heading", "Tiết kiệm dung lượng ở vùng sóng yếu"),
                    (
                        "paragraph",
                        (
                            "<ul><li>Xem video ở chất lượng thấp (360p hoặc 480p) khi đang dùng "
                            "4G.</li><li>Đặt Zalo, Facebook chỉ tự tải ảnh, video khi có "
                            "Wi-Fi.</li><li>Tắt dữ liệu di động khi không dùng để tiết kiệm cả pin "
                            "và tiền cước.</li><li>Ở nơi sóng chập chờn, ra chỗ thoáng, đứng gần "
                            "cửa sổ hoặc lên chỗ cao hơn.</li><li>Khi mạng bị treo, bật <b>Chế độ "
                            "máy bay</b> khoảng mười giây rồi tắt để máy dò lại "
                            "sóng.</li></ul><p><i>Ví dụ:</i> Anh Páo ở bản vùng cao thường lên "
                            "nương cả ngày. Anh bật 4G để nhận tin nhắn Zalo của nhóm bản, nhưng "
                            "cài đặt để video chỉ tự tải khi về nhà bắt được Wi-Fi. Nhờ vậy, gói "
                            "cước tháng của anh không bị hết giữa chừng.</p>"
                        ),
                    ),
                ],
            },
            {
                "title": "Cài đặt ứng dụng an toàn từ kho chính thức",
                "slug": "cai-ung-dung-an-toan",
                "minutes": 15,
                "body": [
                    ("heading", "Kho ứng dụng chính thức là gì?"),
                    (
                        "paragraph",
                        (
                            "<p>Ứng dụng (app) là các chương trình chạy trên điện thoại như Zalo, "
                            "VNeID, ứng dụng ngân hàng. Chỉ nên cài ứng dụng từ hai kho chính "
                            "thức: <b>CH Play</b> (Google Play) trên máy Android như Samsung, "
                            "Oppo, Xiaomi, Vivo; và <b>App Store</b> trên iPhone. Các kho này kiểm "
                            "tra ứng dụng trước khi cho tải về, nên an toàn hơn nhiều so với tải "
                            "tệp cài đặt qua đường link lạ.</p><p>Để tải ứng dụng, máy cần đăng "
                            "nhập tài khoản Google (Android) hoặc Apple ID (iPhone). Tổ công nghệ "
                            "số cộng đồng có thể giúp người dân tạo tài khoản, nhưng mật khẩu phải "
                            "do chính người dân đặt và giữ.</p>"
                        ),
                    ),
                    ("heading", "Các bước cài một ứng dụng"),
                    (
                        "paragraph",
                        (
                            "<ol><li>Kết nối Wi-Fi, vì ứng dụng thường nặng từ vài chục đến vài "
                            "trăm MB.</li><li>Mở <b>CH Play</b> hoặc <b>App "
                            "Store</b>.</li><li>Chạm ô tìm kiếm, gõ đúng tên ứng dụng, ví dụ "
                            "<i>Zalo</i>.</li><li>Kiểm tra kỹ tên nhà phát triển, số lượt tải và "
                            "đánh giá trước khi chọn.</li><li>Chạm <b>Cài đặt</b> (trên iPhone là "
                            "<b>Nhận</b>), chờ tải xong rồi chạm <b>Mở</b>.</li><li>Lần đầu mở, "
                            "đọc kỹ các quyền mà ứng dụng xin; chỉ cho phép những quyền thật sự "
                            "cần thiết, ví dụ ứng dụng đèn pin không cần đọc danh bạ.</li></ol>"
                        ),
                    ),
                    ("heading", "Nhận biết ứng dụng giả mạo"),
                    (
                        "paragraph",
                        (
                            "<p>Kẻ gian thường làm ứng dụng giả có tên, biểu tượng gần giống ứng "
                            "dụng thật của cơ quan nhà nước, ngân hàng, điện lực, rồi gửi đường "
                            "link qua tin nhắn, Zalo, Facebook để dụ người dân cài đặt với lý do "
                            "“cập nhật thông tin” hay “nhận tiền hỗ trợ”. Dấu hiệu nhận "
                            "biết:</p><ul><li>Được gửi qua đường link hoặc tệp có đuôi "
                            "<b>.apk</b>, không nằm trên CH Play hay App Store.</li><li>Đòi những "
                            "quyền bất thường: quyền trợ năng, đọc tin nhắn, điều khiển màn "
                            "hình.</li><li>Tên nhà phát triển lạ, ít lượt tải, nhiều đánh giá phàn "
                            "nàn bị mất tiền.</li><li>Người gửi thúc giục cài ngay, dọa sẽ bị phạt "
                            "hoặc bị khóa tài khoản.</li></ul>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "warning",
                            "title": "Không cài ứng dụng theo link người lạ gửi",
                            "text": (
                                "<p>Nhiều người đã bị chiếm quyền điều khiển điện thoại và mất "
                                "tiền trong tài khoản ngân hàng chỉ vì cài một ứng dụng “dịch vụ "
                                "công” giả theo hướng dẫn qua điện thoại. Cơ quan nhà nước không "
                                "gọi điện yêu cầu người dân cài ứng dụng qua đường link.</p>"
                            ),
                        },
                    ),
                    ("heading", "Cập nhật và gỡ ứng dụng"),
                    (
                        "paragraph",
                        (
                            "<p>Nên bật tự động cập nhật ứng dụng khi có Wi-Fi để luôn dùng bản "
                            "mới, an toàn hơn. Ứng dụng không còn dùng thì gỡ bỏ cho nhẹ máy: chạm "
                            "và giữ biểu tượng, chọn <b>Gỡ cài đặt</b> (Android) hoặc <b>Xóa ứng "
                            "dụng</b> (iPhone).</p><p><i>Ví dụ:</i> Chị Na nhận tin nhắn Zalo kèm "
                            "tệp “huong-dan-nhan-tro-cap.apk”. Nhớ bài học, chị không mở tệp mà "
                            "mang máy lên hỏi Tổ công nghệ số của xã và được xác nhận đây là ứng "
                            "dụng độc hại.</p>"
                        ),
                    ),
                ],
            },
            {
                "title": "Chụp ảnh, nhắn tin và chia sẻ qua Zalo",
                "slug": "chup-anh-nhan-tin-chia-se-zalo",
                "minutes": 20,
                "body": [
                    ("heading", "Chụp ảnh rõ nét bằng điện thoại"),
                    (
                        "paragraph",
                        (
                            "<p>Mở ứng dụng <b>Máy ảnh</b> (Camera). Để có ảnh rõ và đẹp, hãy "
                            "nhớ:</p><ul><li>Lau sạch ống kính bằng vải mềm trước khi "
                            "chụp.</li><li>Cầm máy bằng hai tay, giữ yên khi bấm nút "
                            "chụp.</li><li>Chạm vào vật muốn chụp trên màn hình để máy lấy nét "
                            "đúng chỗ.</li><li>Chụp ở nơi đủ sáng, tránh chụp ngược sáng (mặt trời "
                            "ở sau lưng người được chụp).</li><li>Khi chụp giấy tờ, đặt giấy trên "
                            "mặt phẳng, chụp thẳng từ trên xuống, đủ bốn góc, chữ đọc được rõ "
                            "ràng.</li></ul><p>Ảnh chụp xong được lưu trong ứng dụng <b>Thư "
                            "viện</b> (có máy gọi là <i>Bộ sưu tập</i>, trên iPhone là "
                            "<i>Ảnh</i>). Tại đây có thể xem lại, cắt bớt phần thừa, xoay ảnh hoặc "
                            "xóa ảnh hỏng.</p>"
                        ),
                    ),
                    ("heading", "Nhắn tin và gọi điện qua Zalo"),
                    (
                        "paragraph",
                        (
                            "<p>Zalo là ứng dụng nhắn tin phổ biến ở Việt Nam, dùng miễn phí khi "
                            "có Internet. Sau khi cài Zalo từ kho chính thức và đăng ký bằng số "
                            "điện thoại của mình:</p><ol><li>Chạm ô <b>Tìm kiếm</b> ở trên cùng, "
                            "nhập số điện thoại của người cần liên lạc.</li><li>Chạm vào tên người "
                            "đó để mở cửa sổ trò chuyện.</li><li>Gõ nội dung vào ô soạn tin rồi "
                            "chạm nút gửi; nếu chưa quen gõ chữ, chạm và giữ biểu tượng micro để "
                            "gửi tin nhắn thoại.</li><li>Muốn gọi, chạm biểu tượng điện thoại (gọi "
                            "thoại) hoặc máy quay (gọi video) ở góc trên màn hình.</li></ol>"
                        ),
                    ),
                    ("heading", "Gửi ảnh và tham gia nhóm"),
                    (
                        "paragraph",
                        (
                            "<p>Trong cửa sổ trò chuyện, chạm biểu tượng hình ảnh, chọn một hoặc "
                            "nhiều ảnh rồi chạm <b>Gửi</b>. Khi cần gửi ảnh giấy tờ cho cán bộ xem "
                            "rõ chữ, hãy chọn gửi ảnh chất lượng cao (HD) hoặc gửi dưới dạng "
                            "tệp.</p><p>Nhiều thôn, xã đã lập nhóm Zalo để thông báo lịch họp, "
                            "lịch tiêm chủng, cảnh báo mưa lũ. Ví dụ: trưởng thôn chụp thông báo "
                            "họp dân rồi gửi vào nhóm “Thôn Đông - Thông tin chung” để mọi nhà "
                            "cùng biết; cán bộ địa chính chụp điểm sạt lở taluy đường gửi về nhóm "
                            "công tác của xã để kịp thời xử lý. Người dân cũng có thể chạm và giữ "
                            "một tin nhắn để trả lời đúng tin đó, giúp cuộc trò chuyện trong nhóm "
                            "đông người không bị rối.</p>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "note",
                            "title": "Lịch sự và tôn trọng quyền riêng tư khi chia sẻ",
                            "text": (
                                "<p>Trước khi gửi ảnh có người khác, nhất là trẻ em, hãy hỏi ý "
                                "kiến họ. Không chụp và đăng ảnh thẻ căn cước, thẻ ngân hàng lên "
                                "nhóm đông người. Trong nhóm công việc, chỉ gửi nội dung liên "
                                "quan, tránh gửi tin quảng cáo hay tin chưa được kiểm chứng.</p>"
                            ),
                        },
                    ),
                ],
            },
            {
                "title": "Tìm kiếm và đánh giá thông tin trên Internet",
                "slug": "tim-kiem-va-danh-gia-thong-tin",
                "minutes": 15,
                "body": [
                    ("heading", "Tìm kiếm bằng chữ và bằng giọng nói"),
                    (
                        "paragraph",
                        (
                            "<p>Trình duyệt như Chrome, Safari, Cốc Cốc hoặc ứng dụng Google giúp "
                            "tìm thông tin chỉ trong vài giây. Chạm vào ô tìm kiếm, gõ từ khóa "
                            "ngắn gọn nêu đúng điều cần biết rồi chạm kính lúp. Nếu gõ chữ chậm, "
                            "chạm biểu tượng micro và nói rõ ràng, ví dụ: “cách phòng bệnh sốt "
                            "xuất huyết” hay “kỹ thuật bón phân cho cây cà phê”.</p>"
                        ),
                    ),
                    ("heading", "Đặt từ khóa để có kết quả tốt"),
                    (
                        "paragraph",
                        (
                            "<ul><li>Dùng từ khóa cụ thể: thay vì “trồng cây”, hãy gõ “kỹ thuật "
                            "trồng chè giai đoạn cây con”.</li><li>Thêm địa danh, thời gian nếu "
                            "cần, ví dụ “lịch tiêm chủng mở rộng tháng này”.</li><li>Đặt cụm từ "
                            'trong dấu ngoặc kép để tìm chính xác cụm đó, ví dụ "thủ tục đăng ký '
                            'khai sinh".</li><li>Thêm <b>site:gov.vn</b> vào cuối từ khóa để chỉ '
                            "tìm trong các trang của cơ quan nhà nước.</li></ul><p>Khi gặp trang "
                            "hữu ích, có thể chạm nút chia sẻ để gửi đường link qua Zalo, hoặc "
                            "chụp màn hình (thường bấm cùng lúc nút nguồn và nút giảm âm lượng) để "
                            "lưu lại xem sau.</p>"
                        ),
                    ),
                    ("heading", "Phân biệt tin chính thống và tin giả"),
                    (
                        "paragraph",
                        (
                            "<p>Thông tin trên mạng không phải lúc nào cũng đúng. Trước khi tin và "
                            "chia sẻ, hãy tự hỏi:</p><ol><li>Tin này do ai đăng? Trang của cơ quan "
                            "nhà nước thường có tên miền kết thúc bằng <b>.gov.vn</b>; báo chí "
                            "chính thống ghi rõ tên cơ quan báo chí.</li><li>Tin đăng khi nào? Tin "
                            "cũ từ nhiều năm trước có thể không còn đúng.</li><li>Có nguồn đáng "
                            "tin nào khác xác nhận không? Hãy đối chiếu ít nhất hai "
                            "nguồn.</li><li>Tin có giật gân, kêu gọi “chia sẻ gấp” hay không? Đây "
                            "thường là dấu hiệu của tin giả.</li></ol>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "tip",
                            "title": "Khi không chắc chắn, hãy hỏi",
                            "text": (
                                "<p>Nếu đọc được tin về chính sách hỗ trợ, tiền trợ cấp hay lịch "
                                "cắt điện mà không rõ thật giả, hãy hỏi cán bộ Ủy ban nhân dân xã, "
                                "trưởng thôn hoặc thành viên Tổ công nghệ số cộng đồng. Không chia "
                                "sẻ khi chưa kiểm chứng, vì tin sai lan rất nhanh và có thể gây "
                                "hoang mang cho cả thôn.</p>"
                            ),
                        },
                    ),
                    (
                        "paragraph",
                        (
                            "<p><i>Ví dụ:</i> Bà Hoa thấy bài đăng “Nhà nước phát tiền hỗ trợ 2 "
                            "triệu đồng cho mỗi hộ, bấm vào link để nhận”. Bà tìm trên mạng nhưng "
                            "không thấy trang chính thống nào đưa tin, hỏi cán bộ văn hóa - xã hội "
                            "của xã thì được biết đây là tin lừa đảo nhằm lấy thông tin tài khoản "
                            "ngân hàng. Bà báo lại trong nhóm Zalo của thôn để mọi người cùng cảnh "
                            "giác.</p>"
                        ),
                    ),
                ],
            },
        ],
        "quiz": {
            "title": "Bài kiểm tra: Kỹ năng số cơ bản trên điện thoại thông minh",
            "instructions": (
                "Bài kiểm tra gồm 14 câu hỏi về nội dung năm bài học. Bạn cần đạt từ 70% tổng số "
                "điểm trở lên để hoàn thành khóa học và nhận chứng nhận. Nếu chưa đạt, hãy xem lại "
                "bài học và làm lại."
            ),
            "pass_mark": 70,
            "questions": [
                {
                    "type": "single",
                    "text": "Muốn chữ trên điện thoại to hơn cho dễ đọc, bạn vào mục nào?",
                    "points": 1,
                    "explanation": "Cỡ chữ được chỉnh trong Cài đặt, mục Màn hình (hoặc Hiển thị).",
                    "choices": [
                        ("Cài đặt → Màn hình → Cỡ chữ", True),
                        ("Ứng dụng Máy ảnh", False),
                        ("CH Play hoặc App Store", False),
                        ("Zalo → Tìm kiếm", False),
                    ],
                },
                {
                    "type": "single",
                    "text": "Cách khóa màn hình nào sau đây an toàn nhất?",
                    "points": 1,
                    "explanation": "Mã khóa cần khó đoán; 123456 hay năm sinh rất dễ bị dò ra.",
                    "choices": [
                        ("Mã 123456 cho dễ nhớ", False),
                        ("Dùng năm sinh của mình làm mã", False),
                        ("Mã khó đoán chỉ mình biết, kết hợp vân tay hoặc khuôn mặt", True),
                        ("Không đặt khóa để tiện cho người khác dùng", False),
                    ],
                },
                {
                    "type": "single",
                    "text": (
                        "Khi dùng Wi-Fi miễn phí không mật khẩu ở bến xe, việc nào KHÔNG nên làm?"
                    ),
                    "points": 1,
                    "explanation": (
                        "Wi-Fi công cộng có thể bị theo dõi; việc cần bảo mật nên làm bằng 4G của "
                        "mình."
                    ),
                    "choices": [
                        ("Đọc tin tức", False),
                        ("Xem dự báo thời tiết", False),
                        ("Đăng nhập ứng dụng ngân hàng để chuyển tiền", True),
                        ("Tra cứu đường đi trên bản đồ", False),
                    ],
                },
                {
                    "type": "single",
                    "text": "Trên iPhone, bạn nên tải ứng dụng từ đâu?",
                    "points": 1,
                    "explanation": "iPhone dùng kho chính thức App Store; Android dùng CH Play.",
                    "choices": [
                        ("Đường link trong tin nhắn lạ", False),
                        ("App Store", True),
                        ("Tệp .apk bạn bè gửi qua Zalo", False),
                        ("Bất kỳ trang web nào có nút “Tải về”", False),
                    ],
                },
                {
                    "type": "single",
                    "text": (
                        "Muốn tìm đúng cụm từ “thủ tục đăng ký khai sinh” trên Google, bạn nên làm "
                        "gì?"
                    ),
                    "points": 1,
                    "explanation": "Dấu ngoặc kép giúp công cụ tìm kiếm tìm chính xác cả cụm từ.",
                    "choices": [
                        ("Gõ thêm thật nhiều từ không liên quan", False),
                        ("Viết toàn bộ bằng chữ in hoa", False),
                        ("Gõ bỏ hết dấu tiếng Việt", False),
                        ("Đặt cụm từ trong dấu ngoặc kép", True),
                    ],
                },
                {
                    "type": "single",
                    "text": (
                        "Bạn thấy bài đăng “Nhà nước phát tiền hỗ trợ, bấm vào link để nhận”. Việc "
                        "nên làm đầu tiên là gì?"
                    ),
                    "points": 1,
                    "explanation": (
                        "Tin chưa kiểm chứng cần được đối chiếu nguồn chính thống hoặc hỏi cán bộ "
                        "xã, Tổ công nghệ số cộng đồng."
                    ),
                    "choices": [
                        ("Chia sẻ ngay lên nhóm Zalo của thôn", False),
                        ("Bấm vào link thử xem sao", False),
                        ("Kiểm tra nguồn chính thống và hỏi cán bộ xã", True),
                        ("Nhập số tài khoản ngân hàng để nhận tiền", False),
                    ],
                },
                {
                    "type": "multiple",
                    "text": (
                        "Những dấu hiệu nào cho thấy một ứng dụng có thể là giả mạo? (Chọn tất cả "
                        "đáp án đúng)"
                    ),
                    "points": 2,
                    "explanation": (
                        "Ứng dụng giả thường lan truyền qua link, đòi quyền bất thường và đi kèm "
                        "lời thúc ép."
                    ),
                    "choices": [
                        (
                            "Được gửi qua đường link hoặc tệp .apk thay vì có trên kho chính thức",
                            True,
                        ),
                        ("Đòi quyền trợ năng, đọc tin nhắn, điều khiển màn hình", True),
                        ("Người gửi thúc giục cài ngay, dọa phạt hoặc khóa tài khoản", True),
                        (
                            (
                                "Có trên CH Play, đúng tên nhà phát triển và có nhiều lượt tải, "
                                "đánh giá tốt"
                            ),
                            False,
                        ),
                    ],
                    "partial_credit": True,
                },
                {
                    "type": "multiple",
                    "text": "Cách nào giúp tiết kiệm dung lượng 4G? (Chọn tất cả đáp án đúng)",
                    "points": 2,
                    "explanation": (
                        "Video chất lượng cao và tự động tải tệp là những thứ tốn dung lượng nhất."
                    ),
                    "choices": [
                        ("Luôn xem video ở chất lượng cao nhất", False),
                        ("Xem video ở chất lượng thấp khi dùng 4G", True),
                        ("Đặt Zalo chỉ tự tải ảnh, video khi có Wi-Fi", True),
                        ("Tắt dữ liệu di động khi không dùng", True),
                    ],
                    "partial_credit": True,
                },
                {
                    "type": "multiple",
                    "text": (
                        "Khi chụp ảnh giấy tờ để gửi cán bộ xã, bạn nên làm gì? (Chọn tất cả đáp "
                        "án đúng)"
                    ),
                    "points": 2,
                    "explanation": (
                        "Ảnh giấy tờ cần rõ, đủ góc và chỉ gửi riêng cho người cần nhận."
                    ),
                    "choices": [
                        ("Đặt giấy trên mặt phẳng, chụp thẳng từ trên xuống", True),
                        ("Chụp ngược sáng cho nhanh", False),
                        ("Chụp đủ bốn góc, chữ đọc được rõ ràng", True),
                        (
                            "Đăng ảnh giấy tờ lên nhóm Zalo đông người để nhiều người cùng xem",
                            False,
                        ),
                    ],
                    "partial_credit": True,
                },
                {
                    "type": "true_false",
                    "text": (
                        "Dùng Wi-Fi lúc nào cũng bị trừ tiền theo dung lượng giống như dữ liệu di "
                        "động 4G."
                    ),
                    "points": 1,
                    "explanation": (
                        "Wi-Fi thường không tính tiền theo dung lượng; dữ liệu di động trừ vào gói "
                        "cước."
                    ),
                    "answer": False,
                },
                {
                    "type": "true_false",
                    "text": (
                        "Cơ quan nhà nước có thể gọi điện yêu cầu người dân cài ứng dụng qua đường "
                        "link gửi trong tin nhắn."
                    ),
                    "points": 1,
                    "explanation": (
                        "Cơ quan nhà nước không yêu cầu cài ứng dụng qua link; đây là thủ đoạn lừa "
                        "đảo phổ biến."
                    ),
                    "answer": False,
                },
                {
                    "type": "true_false",
                    "text": (
                        "Trước khi gửi ảnh có người khác, nhất là trẻ em, vào nhóm Zalo, nên hỏi ý "
                        "kiến họ."
                    ),
                    "points": 1,
                    "explanation": (
                        "Tôn trọng quyền riêng tư là nguyên tắc quan trọng khi chia sẻ ảnh."
                    ),
                    "answer": True,
                },
                {
                    "type": "short_text",
                    "text": (
                        "Kho ứng dụng chính thức trên điện thoại Android (Samsung, Oppo, Xiaomi…) "
                        "có tên là gì?"
                    ),
                    "points": 1,
                    "explanation": "Trên Android, kho chính thức là CH Play (Google Play).",
                    "accepted": [
                        "CH Play",
                        "Google Play",
                        "Play Store",
                        "Google Play Store",
                        "Cửa hàng Play",
                    ],
                },
                {
                    "type": "ordering",
                    "text": "Sắp xếp các bước kết nối Wi-Fi theo đúng thứ tự.",
                    "points": 2,
                    "explanation": (
                        "Phải bật Wi-Fi để thấy danh sách mạng, chọn mạng rồi mới nhập mật khẩu."
                    ),
                    "items": [
                        "Mở Cài đặt → Wi-Fi (hoặc chạm và giữ biểu tượng Wi-Fi)",
                        "Bật công tắc Wi-Fi",
                        "Chọn đúng tên mạng trong danh sách",
                        "Nhập mật khẩu và chạm Kết nối",
                    ],
                },
            ],
        },
    },
    {
        "title": "An toàn thông tin và phòng tránh lừa đảo trực tuyến",
        "slug": "an-toan-thong-tin-phong-tranh-lua-dao",
        "summary": (
            "Khóa học giúp người dân và cán bộ bảo vệ tài khoản, tiền bạc và thông tin cá nhân "
            "trên không gian mạng. Học viên nhận diện được các thủ đoạn lừa đảo phổ biến và biết "
            "phải làm gì khi không may bị lừa."
        ),
        "topic": "An toàn thông tin",
        "level": "beginner",
        "target_groups": ["citizen", "official", "digital_team"],
        "duration_minutes": 100,
        "outcomes": [
            "Đặt và quản lý mật khẩu mạnh, bật xác thực hai lớp, giữ bí mật mã OTP.",
            (
                "Nhận diện đường link, tin nhắn và cuộc gọi giả danh công an, ngân hàng, cơ quan "
                "nhà nước."
            ),
            "Nhận biết các chiêu lừa đầu tư, tuyển dụng “việc nhẹ lương cao” và trúng thưởng.",
            "Bảo vệ dữ liệu cá nhân của bản thân, gia đình và của người dân khi làm việc.",
            "Biết các bước cần làm ngay khi bị lừa và nơi trình báo, phản ánh.",
        ],
        "sequential": False,
        "certificate": True,
        "modules": [
            {
                "title": "Mật khẩu mạnh, mã OTP và xác thực hai lớp",
                "slug": "mat-khau-otp-xac-thuc-hai-lop",
                "minutes": 15,
                "body": [
                    ("heading", "Vì sao mật khẩu quan trọng?"),
                    (
                        "paragraph",
                        (
                            "<p>Mật khẩu là “chìa khóa” của tài khoản Zalo, Facebook, thư điện tử, "
                            "ứng dụng ngân hàng và VNeID. Kẻ gian có được mật khẩu là có thể đọc "
                            "tin nhắn, mạo danh bạn để vay tiền người thân, thậm chí chuyển tiền "
                            "khỏi tài khoản của bạn. Phần lớn các vụ mất tài khoản xảy ra vì mật "
                            "khẩu quá dễ đoán hoặc vì dùng một mật khẩu cho mọi nơi: chỉ cần một "
                            "trang bị lộ là kẻ gian thử được ở tất cả các trang khác.</p>"
                        ),
                    ),
                    ("heading", "Đặt mật khẩu mạnh mà vẫn dễ nhớ"),
                    (
                        "paragraph",
                        (
                            "<ul><li>Dài ít nhất 12 ký tự; càng dài càng khó dò.</li><li>Kết hợp "
                            "chữ hoa, chữ thường, chữ số và ký hiệu như ! @ #.</li><li>Không dùng "
                            "họ tên, ngày sinh, số điện thoại, biển số xe hay tên con "
                            "cháu.</li><li>Mỗi tài khoản quan trọng (ngân hàng, thư điện tử, "
                            "VNeID) dùng một mật khẩu riêng.</li><li>Đổi mật khẩu ngay khi nghi bị "
                            "lộ hoặc sau khi nhờ người khác cài đặt giúp.</li></ul><p>Mẹo: nghĩ "
                            "một câu dễ nhớ rồi lấy chữ cái đầu mỗi tiếng. Ví dụ câu “Mỗi sáng em "
                            "dắt 2 con trâu lên nương ngô lúc 6 giờ!” thành mật khẩu "
                            "<b>Msed2ctlnnl6g!</b>. Hãy tự nghĩ câu của riêng mình, đừng dùng đúng "
                            "ví dụ này.</p>"
                        ),
                    ),
                    ("heading", "Mã OTP: tuyệt đối không đưa cho ai"),
                    (
                        "paragraph",
                        (
                            "<p><b>OTP</b> (mật khẩu dùng một lần) là dãy số mà ngân hàng, nhà "
                            "mạng hay ứng dụng gửi qua tin nhắn để xác nhận đăng nhập hoặc giao "
                            "dịch. Ai có mã OTP là có thể thay bạn chuyển tiền hoặc chiếm tài "
                            "khoản Zalo. Ngân hàng, công an, nhà mạng hay cán bộ xã <b>không bao "
                            "giờ</b> hỏi mã OTP của bạn.</p><p>Tin nhắn OTP thường ghi rõ nội dung "
                            "giao dịch. Hãy đọc kỹ: nếu bạn không hề thực hiện giao dịch đó mà lại "
                            "có người gọi đến xin mã, chắc chắn đó là lừa đảo.</p>"
                        ),
                    ),
                    ("heading", "Bật xác thực hai lớp"),
                    (
                        "paragraph",
                        (
                            "<p><b>Xác thực hai lớp</b> nghĩa là ngoài mật khẩu, khi đăng nhập "
                            "trên một máy lạ bạn còn phải xác nhận thêm một bước, như nhập mã OTP "
                            "hoặc bấm đồng ý trên điện thoại của mình. Nhờ vậy, kẻ gian dù biết "
                            "mật khẩu cũng khó vào được tài khoản. Hãy bật tính năng này cho thư "
                            "điện tử và Facebook. Với Zalo, vào <b>Cài đặt</b> → <b>Tài khoản và "
                            "bảo mật</b> để đặt mã khóa Zalo, bật xác thực hai lớp nếu có và kiểm "
                            "tra danh sách thiết bị đang đăng nhập; thấy thiết bị lạ thì đăng xuất "
                            "ngay.</p>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "warning",
                            "title": "Nguyên tắc vàng",
                            "text": (
                                "<p>Không đọc mã OTP cho bất kỳ ai, không chụp tin nhắn OTP gửi "
                                "người khác, không nhập OTP vào trang web mở từ đường link lạ. Mật "
                                "khẩu chỉ mình bạn biết; nếu đã phải nhờ người khác đăng nhập "
                                "giúp, hãy đổi mật khẩu ngay sau đó.</p>"
                            ),
                        },
                    ),
                ],
            },
            {
                "title": "Nhận diện đường link và tin nhắn lừa đảo",
                "slug": "nhan-dien-link-va-tin-nhan-lua-dao",
                "minutes": 15,
                "body": [
                    ("heading", "Tin nhắn lừa đảo trông như thế nào?"),
                    (
                        "paragraph",
                        (
                            "<p>Lừa đảo giả mạo (thường gọi là <i>phishing</i>) là khi kẻ gian gửi "
                            "tin nhắn SMS, tin Zalo, Messenger hoặc thư điện tử giả làm ngân hàng, "
                            "nhà mạng, điện lực, đơn vị giao hàng hay cơ quan nhà nước, kèm đường "
                            "link dẫn tới trang web giả. Trang giả có giao diện, biểu tượng giống "
                            "hệt trang thật để dụ bạn nhập tên đăng nhập, mật khẩu, số thẻ và mã "
                            "OTP. Có lúc tin nhắn còn hiện đúng tên ngân hàng vì kẻ gian dùng trạm "
                            "phát sóng giả. Một số mẫu thường gặp:</p><ul><li>“Tài khoản của quý "
                            "khách sẽ bị khóa sau 24 giờ, vui lòng xác thực tại…”</li><li>“Chúc "
                            "mừng bạn trúng thưởng xe máy, bấm vào link để nhận quà và nộp phí vận "
                            "chuyển.”</li><li>“Đơn hàng giao không thành công, cập nhật địa chỉ "
                            "tại…”</li><li>“Hóa đơn tiền điện quá hạn, sẽ cắt điện trong hôm nay "
                            "nếu không thanh toán tại…”</li></ul>"
                        ),
                    ),
                    ("heading", "Năm dấu hiệu nhận biết"),
                    (
                        "paragraph",
                        (
                            "<ol><li>Tạo cảm giác gấp gáp, đe dọa: “khóa tài khoản”, “cắt điện”, "
                            "“trong 24 giờ”.</li><li>Hứa hẹn quà tặng, tiền thưởng quá hấp "
                            "dẫn.</li><li>Đường link lạ: tên ngân hàng bị viết sai, thêm ký tự "
                            "thừa, đuôi tên miền lạ hoặc là link rút gọn không rõ "
                            "nguồn.</li><li>Yêu cầu nhập mật khẩu, số thẻ, mã OTP hoặc cài thêm "
                            "ứng dụng.</li><li>Câu chữ sai chính tả, lủng củng, hoặc được gửi từ "
                            "số điện thoại cá nhân.</li></ol>"
                        ),
                    ),
                    ("heading", "Làm gì khi nhận được tin nhắn đáng ngờ?"),
                    (
                        "paragraph",
                        (
                            "<ul><li>Không bấm vào đường link, không trả lời tin nhắn.</li><li>Tự "
                            "mở ứng dụng chính thức của ngân hàng (đã cài từ kho chính thức) hoặc "
                            "gọi số tổng đài in trên mặt sau thẻ để kiểm tra.</li><li>Nếu lỡ bấm "
                            "và đã nhập thông tin, đổi mật khẩu ngay và gọi ngân hàng đề nghị tạm "
                            "khóa tài khoản, thẻ.</li><li>Phản ánh tin nhắn rác, lừa đảo qua đầu "
                            "số <b>5656</b> theo hướng dẫn của nhà mạng, hoặc gọi tổng đài "
                            "<b>156</b>; cảnh báo cho người thân cùng biết.</li></ul>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "tip",
                            "title": "Kiểm tra trước, bấm sau",
                            "text": (
                                "<p>Khi một tin nhắn giục bạn làm gì đó thật gấp, hãy dừng lại năm "
                                "phút và hỏi người thân hoặc Tổ công nghệ số cộng đồng. Kẻ gian "
                                "luôn muốn bạn hành động vội; chỉ cần bình tĩnh kiểm tra là đã "
                                "tránh được phần lớn các vụ lừa.</p>"
                            ),
                        },
                    ),
                    (
                        "paragraph",
                        (
                            "<p><i>Ví dụ:</i> Chị Mai, kế toán hợp tác xã, nhận tin nhắn mang tên "
                            "ngân hàng báo “tài khoản bị tạm khóa, xác thực tại link”. Chị không "
                            "bấm mà tự mở ứng dụng ngân hàng thì thấy tài khoản vẫn bình thường. "
                            "Chị gọi tổng đài ghi trên thẻ và được xác nhận đó là tin nhắn giả "
                            "mạo, rồi nhắc cả nhóm Zalo của hợp tác xã cùng cảnh giác.</p>"
                        ),
                    ),
                ],
            },
            {
                "title": "Cuộc gọi giả danh công an, ngân hàng, cơ quan nhà nước",
                "slug": "cuoc-goi-gia-danh",
                "minutes": 20,
                "body": [
                    ("heading", "Những kịch bản gọi điện lừa đảo thường gặp"),
                    (
                        "paragraph",
                        (
                            "<ul><li><b>Giả danh công an, viện kiểm sát, tòa án:</b> báo bạn liên "
                            "quan đến đường dây ma túy, rửa tiền, yêu cầu giữ bí mật và chuyển "
                            "tiền vào “tài khoản tạm giữ” để “chứng minh trong "
                            "sạch”.</li><li><b>Giả danh nhân viên ngân hàng:</b> mời nâng hạn mức "
                            "thẻ, hỗ trợ vay lãi thấp, báo thẻ bị khóa, rồi xin mã "
                            "OTP.</li><li><b>Giả danh điện lực, nhà mạng:</b> dọa cắt điện, khóa "
                            "SIM vì “chưa chuẩn hóa thông tin”.</li><li><b>Giả danh cán bộ nhà "
                            "nước:</b> hướng dẫn “cập nhật định danh điện tử”, “nhận tiền hỗ trợ”, "
                            "“hoàn thuế” và gửi link cài ứng dụng giả.</li><li><b>Báo tin người "
                            "thân gặp nạn:</b> tự xưng giáo viên, bác sĩ, báo con cháu bị tai nạn "
                            "đang cấp cứu, cần chuyển tiền viện phí ngay.</li></ul>"
                        ),
                    ),
                    ("heading", "Những điều cơ quan chức năng KHÔNG bao giờ làm"),
                    (
                        "paragraph",
                        (
                            "<ul><li>Công an không lấy lời khai hay giải quyết vụ án qua điện "
                            "thoại; khi cần làm việc, công an gửi giấy mời, giấy triệu tập bằng "
                            "văn bản.</li><li>Không có cái gọi là “tài khoản tạm giữ” để người dân "
                            "chuyển tiền vào chứng minh trong sạch.</li><li>Ngân hàng không gọi "
                            "điện xin mã OTP, mật khẩu, số thẻ, không yêu cầu cài ứng dụng qua "
                            "đường link.</li><li>Cơ quan nhà nước không yêu cầu chuyển tiền vào "
                            "tài khoản cá nhân để làm thủ tục.</li></ul>"
                        ),
                    ),
                    ("heading", "Xử lý khi nhận cuộc gọi đáng ngờ"),
                    (
                        "paragraph",
                        (
                            "<ol><li>Giữ bình tĩnh; không đọc thông tin cá nhân, số tài khoản, mã "
                            "OTP.</li><li>Không bấm link, không cài ứng dụng, không làm theo yêu "
                            "cầu quay video hay quét khuôn mặt.</li><li>Cúp máy, rồi tự gọi lại "
                            "cho người thân hoặc cơ quan bằng số bạn đã biết từ trước để kiểm "
                            "tra.</li><li>Đến công an xã gần nhất để trình báo; nếu bị đe dọa, gọi "
                            "ngay <b>113</b>.</li><li>Phản ánh số điện thoại lừa đảo tới tổng đài "
                            "<b>156</b>.</li></ol>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "warning",
                            "title": "Cẩn thận với yêu cầu quét khuôn mặt",
                            "text": (
                                "<p>Từ ngày 1/7/2024, chuyển tiền trực tuyến trên 10 triệu đồng "
                                "một lần, hoặc tổng trên 20 triệu đồng một ngày, phải xác thực "
                                "bằng khuôn mặt. Vì vậy kẻ gian tìm cách dụ bạn quay video khuôn "
                                "mặt, nháy mắt, quay trái, quay phải hoặc cài ứng dụng lạ để lấy "
                                "dữ liệu này. Tuyệt đối không làm theo yêu cầu quét mặt của người "
                                "lạ.</p>"
                            ),
                        },
                    ),
                    (
                        "paragraph",
                        (
                            "<p><i>Ví dụ:</i> Ông Tư nhận cuộc gọi xưng là “cán bộ công an tỉnh”, "
                            "đọc đúng họ tên và số căn cước của ông, rồi thông báo ông “liên quan "
                            "vụ án rửa tiền”. Người này yêu cầu ông không được nói với ai và "
                            "chuyển toàn bộ tiền tiết kiệm vào tài khoản “tạm giữ”. May mắn, con "
                            "gái ông nghe thấy, cúp máy và đưa ông lên công an xã; cán bộ khẳng "
                            "định đây là lừa đảo. Kẻ gian biết thông tin cá nhân không có nghĩa "
                            "cuộc gọi là thật, vì dữ liệu có thể đã bị lộ từ trước.</p>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "note",
                            "title": "Việc cán bộ xã và Tổ công nghệ số nên làm",
                            "text": (
                                "<p>Nhắc lại các nguyên tắc này trên loa truyền thanh, trong buổi "
                                "họp thôn và nhóm Zalo của xã, đặc biệt với người cao tuổi sống "
                                "một mình, những người hay bị kẻ gian nhắm tới.</p>"
                            ),
                        },
                    ),
                ],
            },
            {
                "title": "Lừa đảo đầu tư, tuyển dụng và trúng thưởng",
                "slug": "lua-dao-dau-tu-tuyen-dung-trung-thuong",
                "minutes": 15,
                "body": [
                    ("heading", "“Việc nhẹ lương cao” và làm nhiệm vụ trên mạng"),
                    (
                        "paragraph",
                        (
                            "<p>Kẻ gian đăng tin tuyển cộng tác viên trên Facebook, TikTok, Zalo: "
                            "“chỉ cần điện thoại, làm tại nhà, thu nhập 500 nghìn đến 1 triệu đồng "
                            "mỗi ngày”. Công việc là thả tim video, đánh giá sản phẩm hay “chốt "
                            "đơn” hộ. Ban đầu, bạn được trả vài chục nghìn đồng cho nhiệm vụ nhỏ "
                            "để tạo lòng tin. Sau đó, chúng yêu cầu nạp tiền để nhận “nhiệm vụ "
                            "lớn” hoa hồng cao, rồi báo bạn “thao tác sai”, “tài khoản bị đóng "
                            "băng”, phải nạp thêm mới rút được. Càng nạp càng mất, đến khi hết "
                            "tiền thì bị chặn liên lạc.</p><p>Một biến thể nguy hiểm khác là tuyển "
                            "người đi làm ở nước ngoài lương cao, không cần bằng cấp, thực chất là "
                            "dụ dỗ người lao động sang làm việc cưỡng bức cho các đường dây lừa "
                            "đảo.</p>"
                        ),
                    ),
                    ("heading", "Lừa đảo đầu tư tài chính, tiền ảo"),
                    (
                        "paragraph",
                        (
                            "<p>Các nhóm tự xưng “chuyên gia” mời tham gia đầu tư chứng khoán, "
                            "ngoại hối, tiền ảo, vàng trên ứng dụng hoặc sàn giao dịch lạ, hứa lãi "
                            "20% đến 30% mỗi tháng và “cam kết không lỗ”. Chúng khoe ảnh lợi nhuận "
                            "của “thành viên” khác (thực chất là người của chúng), cho bạn rút "
                            "được khoản lãi nhỏ đầu tiên rồi dụ nạp nhiều hơn. Khi số tiền đủ lớn, "
                            "sàn báo “bảo trì” hoặc biến mất.</p>"
                        ),
                    ),
                    ("heading", "Trúng thưởng, cho vay dễ dàng, thuê tài khoản"),
                    (
                        "paragraph",
                        (
                            "<ul><li>Báo trúng thưởng xe máy, điện thoại nhưng phải chuyển trước "
                            "“phí vận chuyển”, “thuế thu nhập”.</li><li>Cho vay không cần thế chấp "
                            "qua ứng dụng lạ, đòi nộp “phí hồ sơ”, “phí giải ngân” rồi biến mất, "
                            "hoặc cho vay lãi cắt cổ kèm đe dọa, bôi nhọ người vay.</li><li>Nhờ "
                            "nhận hộ tiền, hoặc hỏi thuê, mua lại tài khoản ngân hàng, SIM điện "
                            "thoại. Cho người khác thuê, mượn tài khoản ngân hàng là vi phạm pháp "
                            "luật và có thể khiến bạn bị liên đới trong vụ án lừa đảo.</li></ul>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "tip",
                            "title": "Quy tắc ba không",
                            "text": (
                                "<p><b>Không</b> tin lời hứa lãi cao, thu nhập cao mà không phải "
                                "làm gì. <b>Không</b> chuyển tiền trước để nhận việc, nhận quà hay "
                                "nhận khoản vay. <b>Không</b> cho mượn, cho thuê, bán tài khoản "
                                "ngân hàng, SIM hay giấy tờ tùy thân.</p>"
                            ),
                        },
                    ),
                    (
                        "paragraph",
                        (
                            "<p><i>Ví dụ:</i> Em Hùng, 19 tuổi, đang chờ đi làm công nhân thì được "
                            "một “nhân viên tuyển dụng” mời làm nhiệm vụ thả tim video. Ngày đầu "
                            "em nhận được 50 nghìn đồng. Ngày thứ hai em nạp 500 nghìn để làm "
                            "nhiệm vụ “VIP” và được trả lại 650 nghìn. Ngày thứ ba em bị yêu cầu "
                            "nạp 5 triệu đồng, rồi thêm 15 triệu đồng mới được “rút tiền”. Anh "
                            "trai em hỏi Tổ công nghệ số cộng đồng thì mới biết đây là bẫy lừa; em "
                            "dừng lại và đi trình báo công an xã.</p>"
                        ),
                    ),
                ],
            },
            {
                "title": "Bảo vệ dữ liệu cá nhân và xử lý khi bị lừa đảo",
                "slug": "bao-ve-du-lieu-va-xu-ly-khi-bi-lua",
                "minutes": 20,
                "body": [
                    ("heading", "Dữ liệu cá nhân gồm những gì?"),
                    (
                        "paragraph",
                        (
                            "<p>Dữ liệu cá nhân là thông tin gắn với một người cụ thể: họ tên, "
                            "ngày sinh, số định danh cá nhân, số điện thoại, địa chỉ, ảnh chân "
                            "dung, số tài khoản ngân hàng, vân tay, khuôn mặt, thông tin sức khỏe… "
                            "Kẻ gian dùng các thông tin này để mạo danh, vay tiền, mở tài khoản "
                            "hoặc làm cho cuộc gọi lừa đảo nghe đáng tin hơn. Việc bảo vệ dữ liệu "
                            "cá nhân đã được quy định trong Nghị định 13/2023/NĐ-CP.</p>"
                        ),
                    ),
                    ("heading", "Thói quen bảo vệ dữ liệu hằng ngày"),
                    (
                        "paragraph",
                        (
                            "<ul><li>Không đăng ảnh thẻ căn cước, giấy phép lái xe, thẻ ngân hàng, "
                            "vé máy bay có mã vạch lên mạng xã hội.</li><li>Khi phải gửi bản chụp "
                            "giấy tờ, ghi rõ mục đích lên bản chụp, ví dụ “Chỉ dùng để đăng ký học "
                            "nghề”.</li><li>Hạn chế các trò chơi, bói toán trên mạng đòi quyền "
                            "truy cập danh bạ, ảnh.</li><li>Cân nhắc trước khi điền phiếu khảo "
                            "sát, nhận quà mà đòi nhiều thông tin cá nhân.</li><li>Đặt chế độ "
                            "riêng tư cho trang cá nhân để chỉ bạn bè xem được ảnh gia đình, số "
                            "điện thoại.</li></ul>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "note",
                            "title": "Với cán bộ, công chức xã",
                            "text": (
                                "<p>Hồ sơ người dân mà bạn tiếp nhận, như bản chụp thẻ căn cước, "
                                "giấy khai sinh, danh sách hộ nghèo, đều là dữ liệu cá nhân cần "
                                "bảo vệ. Không gửi các tệp này vào nhóm Zalo đông người, đặt mật "
                                "khẩu cho máy tính cơ quan, và xóa bản chụp trên điện thoại cá "
                                "nhân khi không còn cần đến.</p>"
                            ),
                        },
                    ),
                    ("heading", "Các bước cần làm ngay khi bị lừa"),
                    (
                        "paragraph",
                        (
                            "<ol><li>Dừng ngay mọi giao dịch, không chuyển thêm tiền dù kẻ gian "
                            "hứa “hoàn tiền” hay đe dọa.</li><li>Gọi ngay tổng đài ngân hàng (số "
                            "in trên thẻ hoặc trong ứng dụng chính thức) để báo bị lừa đảo, đề "
                            "nghị khóa tài khoản, thẻ của mình và tra soát giao dịch.</li><li>Lưu "
                            "giữ bằng chứng: chụp màn hình tin nhắn, số điện thoại, đường link, số "
                            "tài khoản nhận tiền, biên lai chuyển khoản.</li><li>Trình báo công an "
                            "xã gần nhất, mang theo bằng chứng; khi khẩn cấp gọi "
                            "<b>113</b>.</li><li>Đổi mật khẩu các tài khoản liên quan, gỡ ứng dụng "
                            "lạ; nếu máy đã bị cài ứng dụng điều khiển, ngắt mạng và nhờ người có "
                            "chuyên môn kiểm tra.</li><li>Phản ánh số điện thoại, tin nhắn lừa đảo "
                            "tới tổng đài <b>156</b> hoặc đầu số <b>5656</b>, và cảnh báo người "
                            "thân, nhóm thôn.</li></ol>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "warning",
                            "title": "Coi chừng bị lừa lần thứ hai",
                            "text": (
                                "<p>Sau khi bị lừa, nhiều người lại nhận được lời mời của “dịch vụ "
                                "lấy lại tiền”, “luật sư”, “hacker” hay người tự xưng công an, hứa "
                                "thu hồi tiền nếu nộp phí trước. Đây là lừa đảo lần hai. Chỉ làm "
                                "việc trực tiếp với cơ quan công an và ngân hàng; không nộp tiền "
                                "cho bất kỳ ai hứa lấy lại tiền.</p>"
                            ),
                        },
                    ),
                    (
                        "paragraph",
                        (
                            "<p>Bị lừa không phải là điều đáng xấu hổ. Trình báo càng sớm càng "
                            "tăng khả năng ngăn chặn dòng tiền, và giúp cơ quan chức năng kịp cảnh "
                            "báo cho những người khác.</p>"
                        ),
                    ),
                ],
            },
        ],
        "quiz": {
            "title": "Bài kiểm tra: An toàn thông tin và phòng tránh lừa đảo trực tuyến",
            "instructions": (
                "Bài kiểm tra gồm 14 câu hỏi dựa trên các tình huống trong bài học. Bạn cần đạt từ "
                "70% tổng số điểm trở lên để hoàn thành khóa học. Với câu hỏi nhiều lựa chọn, hãy "
                "chọn tất cả đáp án đúng."
            ),
            "pass_mark": 70,
            "questions": [
                {
                    "type": "single",
                    "text": "Mật khẩu nào sau đây mạnh nhất?",
                    "points": 1,
                    "explanation": (
                        "Mật khẩu mạnh dài, kết hợp chữ hoa, chữ thường, chữ số, ký hiệu và không "
                        "chứa tên hay năm sinh."
                    ),
                    "choices": [
                        ("12345678", False),
                        ("Lan1990", False),
                        ("Ch3!TanCuong-2sao#7", True),
                        ("matkhau", False),
                    ],
                },
                {
                    "type": "single",
                    "text": (
                        "Một người tự xưng nhân viên ngân hàng gọi điện xin mã OTP để “hủy giao "
                        "dịch lỗi”. Bạn nên làm gì?"
                    ),
                    "points": 1,
                    "explanation": "Ngân hàng không bao giờ hỏi mã OTP. Ai xin OTP đều là kẻ gian.",
                    "choices": [
                        ("Đọc mã ngay để hủy giao dịch", False),
                        ("Chụp tin nhắn OTP gửi qua Zalo cho họ", False),
                        (
                            "Không cung cấp, cúp máy và tự gọi tổng đài chính thức của ngân hàng",
                            True,
                        ),
                        ("Hỏi họ tên nhân viên rồi mới đọc mã", False),
                    ],
                },
                {
                    "type": "single",
                    "text": "Khi cần làm việc với người dân, cơ quan công an thường làm thế nào?",
                    "points": 1,
                    "explanation": (
                        "Công an không giải quyết vụ việc qua điện thoại và không có “tài khoản "
                        "tạm giữ”."
                    ),
                    "choices": [
                        ("Gọi điện lấy lời khai qua điện thoại", False),
                        ("Gửi giấy mời, giấy triệu tập bằng văn bản", True),
                        ("Yêu cầu chuyển tiền vào tài khoản tạm giữ", False),
                        ("Gọi video yêu cầu quét khuôn mặt", False),
                    ],
                },
                {
                    "type": "single",
                    "text": (
                        "Tin nhắn “Hóa đơn tiền điện quá hạn, sẽ cắt điện hôm nay nếu không thanh "
                        "toán tại link…” có dấu hiệu gì?"
                    ),
                    "points": 1,
                    "explanation": (
                        "Đe dọa, thúc giục và đường link lạ là dấu hiệu điển hình của tin nhắn lừa "
                        "đảo."
                    ),
                    "choices": [
                        ("Tạo cảm giác gấp gáp, đe dọa, kèm đường link lạ", True),
                        ("Là thông báo bình thường của điện lực", False),
                        ("Là tin quảng cáo vô hại", False),
                        ("Không có dấu hiệu gì đáng ngờ", False),
                    ],
                },
                {
                    "type": "single",
                    "text": (
                        "Lời mời “làm nhiệm vụ thả tim video, nạp tiền để nhận hoa hồng cao” là gì?"
                    ),
                    "points": 1,
                    "explanation": (
                        "Kẻ gian trả tiền nhỏ lúc đầu để tạo lòng tin, rồi dụ nạp tiền lớn và "
                        "chiếm đoạt."
                    ),
                    "choices": [
                        ("Việc làm thêm hợp pháp", False),
                        ("Thủ đoạn lừa đảo việc làm trên mạng", True),
                        ("Chương trình hỗ trợ của cơ quan nhà nước", False),
                        ("Hình thức đầu tư an toàn", False),
                    ],
                },
                {
                    "type": "single",
                    "text": "Tổng đài nào tiếp nhận phản ánh cuộc gọi rác, cuộc gọi lừa đảo?",
                    "points": 1,
                    "explanation": (
                        "Tổng đài 156 tiếp nhận phản ánh cuộc gọi rác, lừa đảo; 114 là cứu hỏa, "
                        "115 là cấp cứu, 111 là tổng đài bảo vệ trẻ em."
                    ),
                    "choices": [
                        ("156", True),
                        ("114", False),
                        ("115", False),
                        ("111", False),
                    ],
                },
                {
                    "type": "multiple",
                    "text": (
                        "Những việc nào công an, ngân hàng, cơ quan nhà nước KHÔNG BAO GIỜ làm? "
                        "(Chọn tất cả đáp án đúng)"
                    ),
                    "points": 2,
                    "explanation": (
                        "Chỉ có giấy mời, giấy triệu tập bằng văn bản là cách làm việc chính thức."
                    ),
                    "choices": [
                        ("Gọi điện xin mã OTP", True),
                        ("Gửi giấy mời bằng văn bản khi cần làm việc", False),
                        ("Yêu cầu chuyển tiền vào “tài khoản tạm giữ”", True),
                        ("Gửi link yêu cầu cài ứng dụng để “cập nhật định danh điện tử”", True),
                    ],
                    "partial_credit": True,
                },
                {
                    "type": "multiple",
                    "text": (
                        "Khi lỡ chuyển tiền cho kẻ lừa đảo, cần làm gì ngay? (Chọn tất cả đáp án "
                        "đúng)"
                    ),
                    "points": 2,
                    "explanation": (
                        "Cần hành động nhanh với ngân hàng, giữ bằng chứng và trình báo công an; "
                        "dịch vụ “lấy lại tiền” là lừa đảo lần hai."
                    ),
                    "choices": [
                        (
                            "Gọi tổng đài ngân hàng báo bị lừa, đề nghị khóa tài khoản và tra soát",
                            True,
                        ),
                        ("Lưu giữ tin nhắn, số tài khoản nhận tiền, biên lai chuyển khoản", True),
                        ("Trình báo công an xã gần nhất", True),
                        ("Nộp phí cho “dịch vụ lấy lại tiền” trên mạng", False),
                        ("Xóa hết tin nhắn cho đỡ lo", False),
                    ],
                    "partial_credit": True,
                },
                {
                    "type": "multiple",
                    "text": "Thói quen nào giúp bảo vệ dữ liệu cá nhân? (Chọn tất cả đáp án đúng)",
                    "points": 2,
                    "explanation": "Càng ít thông tin công khai, kẻ gian càng khó mạo danh bạn.",
                    "choices": [
                        ("Không đăng ảnh thẻ căn cước lên mạng xã hội", True),
                        ("Ghi rõ mục đích lên bản chụp giấy tờ khi phải gửi", True),
                        ("Để công khai số điện thoại, ảnh gia đình cho mọi người xem", False),
                        ("Đặt chế độ riêng tư cho trang cá nhân", True),
                    ],
                    "partial_credit": True,
                },
                {
                    "type": "true_false",
                    "text": (
                        "Người gọi điện biết đúng họ tên và số căn cước của bạn thì chắc chắn là "
                        "cán bộ công an thật."
                    ),
                    "points": 1,
                    "explanation": (
                        "Dữ liệu cá nhân có thể đã bị lộ; kẻ gian thường dùng chúng để tạo lòng "
                        "tin."
                    ),
                    "answer": False,
                },
                {
                    "type": "true_false",
                    "text": (
                        "Cho người khác thuê, mượn tài khoản ngân hàng có thể khiến bạn vi phạm "
                        "pháp luật và bị liên đới trong vụ án."
                    ),
                    "points": 1,
                    "explanation": "Tài khoản cho thuê thường được dùng để nhận tiền lừa đảo.",
                    "answer": True,
                },
                {
                    "type": "true_false",
                    "text": (
                        "Xác thực hai lớp giúp kẻ gian khó vào tài khoản của bạn hơn, kể cả khi đã "
                        "biết mật khẩu."
                    ),
                    "points": 1,
                    "explanation": (
                        "Bước xác nhận thứ hai diễn ra trên điện thoại của bạn, kẻ gian không có."
                    ),
                    "answer": True,
                },
                {
                    "type": "short_text",
                    "text": (
                        "Mật khẩu dùng một lần mà ngân hàng gửi qua tin nhắn để xác nhận giao dịch "
                        "được gọi tắt là gì?"
                    ),
                    "points": 1,
                    "explanation": "Đó là mã OTP, tuyệt đối không đưa cho bất kỳ ai.",
                    "accepted": ["OTP", "mã OTP", "mật khẩu dùng một lần", "One Time Password"],
                },
                {
                    "type": "ordering",
                    "text": (
                        "Sắp xếp các bước xử lý khi bị lừa chuyển tiền theo thứ tự trong bài học."
                    ),
                    "points": 2,
                    "explanation": (
                        "Ngăn thiệt hại thêm trước, báo ngân hàng sớm, giữ bằng chứng rồi trình "
                        "báo công an."
                    ),
                    "items": [
                        "Dừng ngay mọi giao dịch, không chuyển thêm tiền",
                        "Gọi tổng đài ngân hàng để báo và đề nghị khóa tài khoản",
                        "Lưu giữ bằng chứng: tin nhắn, số tài khoản, biên lai",
                        "Trình báo công an xã gần nhất",
                    ],
                },
            ],
        },
    },
    {
        "title": "Sử dụng dịch vụ công trực tuyến và định danh điện tử VNeID",
        "slug": "dich-vu-cong-truc-tuyen-va-vneid",
        "summary": (
            "Khóa học hướng dẫn từng bước cách dùng tài khoản định danh điện tử VNeID và Cổng Dịch "
            "vụ công quốc gia để nộp hồ sơ, theo dõi tiến độ, thanh toán phí, lệ phí và nhận kết "
            "quả mà không phải đi lại nhiều lần."
        ),
        "topic": "Dịch vụ công trực tuyến",
        "level": "intermediate",
        "target_groups": ["official", "digital_team", "citizen"],
        "duration_minutes": 115,
        "outcomes": [
            (
                "Phân biệt dịch vụ công trực tuyến toàn trình và một phần; nắm vai trò của Cổng "
                "Dịch vụ công quốc gia."
            ),
            (
                "Phân biệt tài khoản định danh điện tử mức 1, mức 2; đăng ký và kích hoạt tài "
                "khoản VNeID."
            ),
            "Tích hợp giấy tờ vào VNeID và xuất trình giấy tờ điện tử khi cần.",
            (
                "Tự nộp hồ sơ trên dichvucong.gov.vn, theo dõi tiến độ và thanh toán phí, lệ phí "
                "trực tuyến."
            ),
            "Hướng dẫn người dân khác làm thủ tục trực tuyến an toàn, đúng quy định.",
        ],
        "sequential": True,
        "certificate": True,
        "modules": [
            {
                "title": "Tổng quan về dịch vụ công trực tuyến và định danh điện tử",
                "slug": "tong-quan-dich-vu-cong-truc-tuyen",
                "minutes": 15,
                "body": [
                    ("heading", "Dịch vụ công trực tuyến là gì?"),
                    (
                        "paragraph",
                        (
                            "<p>Dịch vụ công trực tuyến là việc cơ quan nhà nước giải quyết thủ "
                            "tục hành chính cho người dân, doanh nghiệp qua môi trường mạng. Thay "
                            "vì mang giấy tờ đến Bộ phận Một cửa của Ủy ban nhân dân xã nhiều lần, "
                            "người dân có thể khai tờ khai, gửi bản chụp giấy tờ, theo dõi tiến độ "
                            "và nhận kết quả ngay trên điện thoại hoặc máy tính.</p><p>Có hai "
                            "loại: <b>dịch vụ công trực tuyến toàn trình</b>, khi mọi bước từ nộp "
                            "hồ sơ, xử lý đến trả kết quả đều thực hiện trên môi trường mạng; và "
                            "<b>dịch vụ công trực tuyến một phần</b>, khi vẫn còn bước phải làm "
                            "trực tiếp, chẳng hạn đến nộp bản gốc hoặc nhận kết quả tại cơ "
                            "quan.</p>"
                        ),
                    ),
                    ("heading", "Cổng Dịch vụ công quốc gia"),
                    (
                        "paragraph",
                        (
                            "<p>Cổng Dịch vụ công quốc gia tại địa chỉ <b>dichvucong.gov.vn</b> là "
                            "đầu mối tập trung thủ tục của các bộ, ngành và địa phương. Trên Cổng, "
                            "người dân có thể tra cứu thủ tục, nộp hồ sơ trực tuyến, theo dõi tình "
                            "trạng hồ sơ, thanh toán phí, lệ phí, đánh giá mức độ hài lòng và gửi "
                            "phản ánh, kiến nghị. Mỗi tỉnh, thành phố còn có hệ thống giải quyết "
                            "thủ tục hành chính riêng, được kết nối với Cổng quốc gia.</p>"
                        ),
                    ),
                    ("heading", "Định danh điện tử VNeID giúp gì?"),
                    (
                        "paragraph",
                        (
                            "<p><b>VNeID</b> là ứng dụng định danh và xác thực điện tử do Bộ Công "
                            "an xây dựng. Tài khoản định danh điện tử giúp chứng minh “bạn đúng là "
                            "bạn” trên môi trường mạng: đăng nhập Cổng Dịch vụ công quốc gia, tự "
                            "động điền thông tin cá nhân từ Cơ sở dữ liệu quốc gia về dân cư vào "
                            "tờ khai, xuất trình giấy tờ điện tử thay cho bản giấy ở nhiều nơi. "
                            "Nhờ dữ liệu dân cư được kết nối, người dân không phải nộp lại những "
                            "giấy tờ mà cơ quan nhà nước đã có.</p>"
                        ),
                    ),
                    ("heading", "Những thủ tục thường làm trực tuyến ở xã"),
                    (
                        "paragraph",
                        (
                            "<ul><li>Đăng ký khai sinh, nhất là nhóm thủ tục liên thông: đăng ký "
                            "khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế cho trẻ dưới 6 "
                            "tuổi.</li><li>Đăng ký khai tử, liên thông với xóa đăng ký thường trú "
                            "và hưởng chế độ mai táng.</li><li>Cấp bản sao trích lục hộ tịch, xác "
                            "nhận tình trạng hôn nhân.</li><li>Đăng ký thường trú, tạm trú, thông "
                            "báo lưu trú.</li></ul>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "note",
                            "title": "Lợi ích cụ thể cho người dân",
                            "text": (
                                "<p>Gia đình ở thôn cách trung tâm xã hàng chục cây số có thể ngồi "
                                "ở nhà đăng ký khai sinh cho cháu, nhận thông báo qua tin nhắn và "
                                "chỉ đến xã một lần để nhận kết quả, hoặc nhận qua bưu điện. Với "
                                "một số thủ tục, nộp hồ sơ trực tuyến còn được giảm phí, lệ phí "
                                "theo quy định.</p>"
                            ),
                        },
                    ),
                ],
            },
            {
                "title": "Tài khoản định danh điện tử mức 1, mức 2 và cách kích hoạt",
                "slug": "tai-khoan-dinh-danh-muc-1-muc-2",
                "minutes": 20,
                "body": [
                    ("heading", "Tài khoản mức 1 và mức 2 khác nhau thế nào?"),
                    (
                        "paragraph",
                        (
                            "<p>Theo Nghị định 69/2024/NĐ-CP về định danh và xác thực điện tử, "
                            "công dân Việt Nam có hai mức tài khoản:</p><ul><li><b>Mức 1</b>: gồm "
                            "thông tin cá nhân và ảnh chân dung. Công dân từ đủ 14 tuổi có thể tự "
                            "đăng ký trên ứng dụng VNeID bằng thẻ căn cước gắn chip và số điện "
                            "thoại đứng tên mình. Tài khoản mức 1 chỉ dùng được một số tiện ích cơ "
                            "bản.</li><li><b>Mức 2</b>: gồm thông tin cá nhân, ảnh chân dung và "
                            "vân tay, được đăng ký tại cơ quan công an, thường là công an cấp xã "
                            "hoặc khi làm thủ tục cấp thẻ căn cước. Tài khoản mức 2 dùng được đầy "
                            "đủ tiện ích: tích hợp và xuất trình giấy tờ, đăng nhập Cổng Dịch vụ "
                            "công quốc gia, làm các thủ tục cần mức bảo đảm cao. Xuất trình tài "
                            "khoản mức 2 có giá trị tương đương xuất trình thẻ căn "
                            "cước.</li></ul><p>Người dưới 14 tuổi được đăng ký tài khoản thông qua "
                            "tài khoản của cha, mẹ hoặc người giám hộ.</p>"
                        ),
                    ),
                    ("heading", "Đăng ký tài khoản mức 2 tại công an xã"),
                    (
                        "paragraph",
                        (
                            "<ol><li>Mang theo thẻ căn cước (hoặc căn cước công dân gắn chip) và "
                            "điện thoại dùng số thuê bao đứng tên chính mình.</li><li>Đến công an "
                            "xã, đề nghị đăng ký tài khoản định danh điện tử mức 2.</li><li>Cán bộ "
                            "công an kiểm tra thông tin, chụp ảnh chân dung, thu vân tay và ghi "
                            "nhận số điện thoại, thư điện tử (nếu có).</li><li>Khi hồ sơ được phê "
                            "duyệt, bạn nhận tin nhắn thông báo và có thể kích hoạt tài khoản trên "
                            "ứng dụng VNeID.</li></ol>"
                        ),
                    ),
                    ("heading", "Kích hoạt tài khoản trên ứng dụng VNeID"),
                    (
                        "paragraph",
                        (
                            "<ol><li>Cài ứng dụng <b>VNeID</b> từ CH Play hoặc App Store; kiểm tra "
                            "nhà phát triển là đơn vị thuộc Bộ Công an.</li><li>Mở ứng dụng, chọn "
                            "<b>Kích hoạt tài khoản định danh điện tử</b>.</li><li>Nhập số định "
                            "danh cá nhân (12 chữ số in trên thẻ căn cước) và số điện thoại đã "
                            "đăng ký.</li><li>Nhập mã kích hoạt (OTP) được gửi qua tin "
                            "nhắn.</li><li>Tạo mật khẩu theo hướng dẫn: đủ dài, có chữ hoa, chữ "
                            "thường, chữ số và ký tự đặc biệt.</li><li>Tạo mã <b>passcode</b> gồm "
                            "6 chữ số để mở ứng dụng và xác nhận thao tác; có thể bật mở khóa bằng "
                            "vân tay hoặc khuôn mặt.</li></ol>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "warning",
                            "title": "Chỉ tự kích hoạt trên máy của mình",
                            "text": (
                                "<p>Mã kích hoạt, mật khẩu và passcode VNeID là thông tin bí mật. "
                                "Cán bộ công an, cán bộ xã hay Tổ công nghệ số cộng đồng chỉ hướng "
                                "dẫn, không giữ hộ mật khẩu. Không cài “VNeID” từ đường link gửi "
                                "qua tin nhắn hay Zalo: kẻ gian đã nhiều lần giả danh công an để "
                                "dụ người dân cài ứng dụng giả và chiếm đoạt tiền.</p>"
                            ),
                        },
                    ),
                    (
                        "callout",
                        {
                            "kind": "tip",
                            "title": "Xử lý lỗi thường gặp",
                            "text": (
                                "<p>Không nhận được mã kích hoạt: kiểm tra số điện thoại có đúng "
                                "số đã đăng ký và còn hoạt động không, chờ vài phút rồi bấm gửi "
                                "lại. Quên mật khẩu: dùng chức năng <b>Quên mật khẩu</b> trên ứng "
                                "dụng. Đổi số điện thoại hoặc thông tin bị sai: liên hệ công an xã "
                                "để được hỗ trợ.</p>"
                            ),
                        },
                    ),
                ],
            },
            {
                "title": "Tích hợp giấy tờ và sử dụng tiện ích trên VNeID",
                "slug": "tich-hop-giay-to-vneid",
                "minutes": 15,
                "body": [
                    ("heading", "Ví giấy tờ: mang theo giấy tờ trên điện thoại"),
                    (
                        "paragraph",
                        (
                            "<p>Với tài khoản mức 2, thông tin thẻ căn cước điện tử có sẵn trong "
                            "ứng dụng. Bạn có thể tích hợp thêm giấy tờ khác vào mục <b>Ví giấy "
                            "tờ</b>, ví dụ thẻ bảo hiểm y tế, giấy phép lái xe, giấy chứng nhận "
                            "đăng ký xe, mã số thuế cá nhân. Khi đi khám chữa bệnh, làm thủ tục "
                            "hay bị kiểm tra giấy tờ khi tham gia giao thông, bạn có thể xuất "
                            "trình giấy tờ điện tử trên VNeID tại những nơi chấp nhận.</p>"
                        ),
                    ),
                    ("heading", "Các bước tích hợp một giấy tờ"),
                    (
                        "paragraph",
                        (
                            "<ol><li>Mở VNeID, nhập passcode để đăng nhập.</li><li>Chọn mục <b>Ví "
                            "giấy tờ</b>, sau đó chọn <b>Tích hợp thông tin</b>.</li><li>Chọn "
                            "<b>Tạo mới yêu cầu</b>, chọn loại giấy tờ cần tích hợp, ví dụ <i>Thẻ "
                            "bảo hiểm y tế</i>.</li><li>Nhập số giấy tờ (ví dụ mã số thẻ bảo hiểm "
                            "y tế), kiểm tra lại, tích chọn cam kết và bấm <b>Gửi yêu "
                            "cầu</b>.</li><li>Nhập passcode để xác nhận. Sau khi được xác thực, "
                            "giấy tờ sẽ hiển thị trong Ví giấy tờ.</li></ol><p>Nếu yêu cầu bị từ "
                            "chối, nguyên nhân thường là nhập sai số giấy tờ hoặc thông tin trên "
                            "giấy tờ chưa khớp với dữ liệu dân cư. Hãy kiểm tra lại, hoặc liên hệ "
                            "cơ quan đã cấp giấy tờ đó để điều chỉnh.</p>"
                        ),
                    ),
                    ("heading", "Một số tiện ích hữu ích khác"),
                    (
                        "paragraph",
                        (
                            "<ul><li><b>Thông báo lưu trú</b> khi có người thân từ nơi khác đến ở "
                            "lại qua đêm.</li><li><b>Dịch vụ công</b> ngay trên ứng dụng, như đăng "
                            "ký thường trú, tạm trú, đề nghị cấp phiếu lý lịch tư "
                            "pháp.</li><li>Chia sẻ thông tin bằng mã QR tại cơ quan, cơ sở khám "
                            "chữa bệnh thay cho việc khai lại thông tin.</li><li><b>Tố giác tội "
                            "phạm</b>, gửi phản ánh về an ninh trật tự tới cơ quan công "
                            "an.</li></ul>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "tip",
                            "title": "Mẹo xuất trình nhanh và an toàn",
                            "text": (
                                "<p>Khi cần xuất trình, hãy mở ứng dụng VNeID và vào Ví giấy tờ. "
                                "Đừng chụp màn hình giấy tờ để lưu sẵn trong máy: ảnh chụp màn "
                                "hình không thay được giấy tờ điện tử đã xác thực và dễ bị lộ nếu "
                                "mất điện thoại.</p>"
                            ),
                        },
                    ),
                    (
                        "paragraph",
                        (
                            "<p><i>Ví dụ:</i> Ông Sáu đến trạm y tế xã khám bệnh nhưng để quên thẻ "
                            "bảo hiểm y tế ở nhà. Vì đã tích hợp thẻ vào VNeID từ trước, ông mở "
                            "ứng dụng, vào Ví giấy tờ và xuất trình thẻ bảo hiểm y tế điện tử. "
                            "Nhân viên tiếp đón tra cứu được thông tin ngay, ông không phải quay "
                            "về nhà lấy thẻ.</p>"
                        ),
                    ),
                ],
            },
            {
                "title": "Nộp hồ sơ trực tuyến từng bước trên Cổng Dịch vụ công quốc gia",
                "slug": "nop-ho-so-truc-tuyen-tung-buoc",
                "minutes": 25,
                "body": [
                    ("heading", "Chuẩn bị trước khi nộp"),
                    (
                        "paragraph",
                        (
                            "<ul><li>Tài khoản định danh điện tử VNeID mức 2 đã kích "
                            "hoạt.</li><li>Điện thoại hoặc máy tính kết nối Internet ổn "
                            "định.</li><li>Bản chụp hoặc bản quét giấy tờ theo yêu cầu của thủ "
                            "tục, rõ nét, đủ trang, lưu sẵn trong máy với tên dễ nhận "
                            "biết.</li><li>Thông tin cần khai của người liên quan, như họ tên, "
                            "ngày sinh, nơi cư trú.</li></ul>"
                        ),
                    ),
                    ("heading", "Đăng nhập và tìm thủ tục"),
                    (
                        "paragraph",
                        (
                            "<ol><li>Mở trình duyệt, truy cập <b>dichvucong.gov.vn</b> và chọn "
                            "<b>Đăng nhập</b>.</li><li>Chọn đăng nhập bằng tài khoản định danh "
                            "điện tử VNeID; nhập số định danh cá nhân, mật khẩu và xác nhận theo "
                            "hướng dẫn (nhập mã OTP hoặc xác nhận trên ứng dụng VNeID). Trên máy "
                            "tính, có thể quét mã QR bằng ứng dụng VNeID.</li><li>Gõ tên thủ tục "
                            "vào ô tìm kiếm, ví dụ “đăng ký khai sinh”, chọn đúng thủ tục và bấm "
                            "<b>Nộp trực tuyến</b>.</li><li>Chọn tỉnh, thành phố và cơ quan thực "
                            "hiện, ví dụ Ủy ban nhân dân xã nơi cư trú của cha hoặc mẹ.</li></ol>"
                        ),
                    ),
                    ("heading", "Khai tờ khai và đính kèm giấy tờ"),
                    (
                        "paragraph",
                        (
                            "<ol><li>Đọc kỹ thành phần hồ sơ, thời hạn giải quyết, phí, lệ phí ở "
                            "phần hướng dẫn.</li><li>Điền tờ khai điện tử; thông tin người nộp "
                            "thường được điền sẵn từ dữ liệu dân cư, bạn chỉ cần kiểm tra lại. Ô "
                            "có dấu sao (*) là bắt buộc.</li><li>Ở phần thành phần hồ sơ, bấm chọn "
                            "tệp để tải lên bản chụp giấy tờ, ví dụ giấy chứng sinh của cơ sở y tế "
                            "nơi trẻ sinh ra.</li><li>Chọn hình thức nhận kết quả: trực tiếp tại "
                            "Bộ phận Một cửa, qua bưu chính, hoặc bản điện tử nếu thủ tục cho "
                            "phép.</li><li>Kiểm tra lại toàn bộ thông tin, tích chọn cam đoan và "
                            "bấm <b>Nộp hồ sơ</b>.</li></ol><p>Nộp thành công, hệ thống hiển thị "
                            "<b>mã hồ sơ</b> và gửi thông báo qua tin nhắn hoặc thư điện tử. Hãy "
                            "ghi lại mã hồ sơ để tra cứu về sau.</p>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "warning",
                            "title": "Khai đúng, khai thật",
                            "text": (
                                "<p>Thông tin kê khai và giấy tờ đính kèm trực tuyến có giá trị "
                                "pháp lý như khi nộp trực tiếp. Khai sai hoặc dùng giấy tờ giả có "
                                "thể bị từ chối hồ sơ và bị xử lý theo quy định. Nếu chưa chắc "
                                "chắn, hãy hỏi cán bộ Bộ phận Một cửa trước khi nộp.</p>"
                            ),
                        },
                    ),
                    (
                        "callout",
                        {
                            "kind": "tip",
                            "title": "Dành cho Tổ công nghệ số cộng đồng",
                            "text": (
                                "<p>Khi hỗ trợ người dân nộp hồ sơ, hãy để người dân tự đăng nhập "
                                "bằng tài khoản của chính họ và tự nhập mật khẩu, mã xác nhận. "
                                "Không ghi chép hay giữ hộ mật khẩu, và xóa ảnh giấy tờ của người "
                                "dân khỏi máy của mình sau khi hoàn tất.</p>"
                            ),
                        },
                    ),
                ],
            },
            {
                "title": "Theo dõi hồ sơ, thanh toán phí, lệ phí và nhận kết quả",
                "slug": "theo-doi-ho-so-thanh-toan-nhan-ket-qua",
                "minutes": 20,
                "body": [
                    ("heading", "Theo dõi tình trạng hồ sơ"),
                    (
                        "paragraph",
                        (
                            "<p>Sau khi nộp, bạn có thể theo dõi hồ sơ theo hai "
                            "cách:</p><ul><li>Đăng nhập Cổng Dịch vụ công quốc gia, vào mục quản "
                            "lý hồ sơ đã nộp trong tài khoản để xem danh sách và tình trạng từng "
                            "hồ sơ.</li><li>Dùng chức năng <b>Tra cứu hồ sơ</b>, nhập mã hồ sơ đã "
                            "được cấp khi nộp.</li></ul><p>Hồ sơ thường đi qua các trạng thái như: "
                            "đã tiếp nhận, đang xử lý, yêu cầu bổ sung, đã có kết quả, hoặc bị từ "
                            "chối kèm lý do. Mỗi thay đổi thường được thông báo qua tin nhắn hoặc "
                            "thư điện tử.</p>"
                        ),
                    ),
                    ("heading", "Khi hồ sơ bị yêu cầu bổ sung"),
                    (
                        "paragraph",
                        (
                            "<p>Nếu cán bộ tiếp nhận thấy hồ sơ thiếu hoặc chưa đúng, hồ sơ sẽ "
                            "chuyển sang trạng thái yêu cầu bổ sung, kèm nội dung cần sửa. Hãy đọc "
                            "kỹ lý do, chuẩn bị lại giấy tờ rồi mở hồ sơ để tải lên phần bổ sung "
                            "theo hướng dẫn. Ví dụ: ảnh giấy chứng sinh bị mờ, mất góc thì chỉ cần "
                            "chụp lại rõ nét và gửi bổ sung, không phải nộp lại từ đầu. Nếu còn "
                            "thắc mắc, liên hệ Bộ phận Một cửa của xã theo số điện thoại niêm yết "
                            "tại trụ sở.</p>"
                        ),
                    ),
                    ("heading", "Thanh toán phí, lệ phí trực tuyến"),
                    (
                        "paragraph",
                        (
                            "<ol><li>Khi hồ sơ có phí, lệ phí, hệ thống hiển thị số tiền phải nộp "
                            "(ngay khi nộp hồ sơ hoặc khi cơ quan giải quyết thông "
                            "báo).</li><li>Chọn <b>Thanh toán</b>; hệ thống chuyển sang nền tảng "
                            "thanh toán của Cổng Dịch vụ công quốc gia.</li><li>Chọn ngân hàng "
                            "hoặc ví điện tử mà bạn đang dùng.</li><li>Xác nhận giao dịch trên ứng "
                            "dụng ngân hàng của chính bạn, bằng cách quét mã QR hoặc nhập mã "
                            "OTP.</li><li>Khi thanh toán thành công, lưu lại biên lai điện tử; hồ "
                            "sơ được ghi nhận đã nộp phí, lệ phí.</li></ol>"
                        ),
                    ),
                    (
                        "callout",
                        {
                            "kind": "warning",
                            "title": "Không chuyển khoản theo hướng dẫn của người lạ",
                            "text": (
                                "<p>Phí, lệ phí chỉ nộp qua chức năng thanh toán trên Cổng Dịch vụ "
                                "công hoặc trực tiếp tại Bộ phận Một cửa, có biên lai. Nếu có "
                                "người gọi điện tự xưng cán bộ, đề nghị chuyển khoản vào tài khoản "
                                "cá nhân để “giải quyết hồ sơ nhanh”, đó là lừa đảo; hãy báo ngay "
                                "cho Ủy ban nhân dân xã hoặc công an xã.</p>"
                            ),
                        },
                    ),
                    ("heading", "Nhận kết quả và đánh giá"),
                    (
                        "paragraph",
                        (
                            "<p>Tùy hình thức đã chọn, bạn nhận kết quả bản giấy tại Bộ phận Một "
                            "cửa (mang theo thẻ căn cước hoặc xuất trình tài khoản VNeID), nhận "
                            "qua bưu điện tại nhà, hoặc nhận bản điện tử lưu trong tài khoản. Sau "
                            "đó, hãy dành một phút <b>đánh giá mức độ hài lòng</b> trên Cổng; ý "
                            "kiến của bạn giúp cơ quan nhà nước phục vụ người dân tốt "
                            "hơn.</p><p><i>Ví dụ:</i> Anh Khánh nộp hồ sơ đăng ký khai sinh cho "
                            "con gái vào buổi tối sau giờ làm. Sáng hôm sau, anh nhận tin nhắn báo "
                            "hồ sơ đã được tiếp nhận; hai ngày sau, hồ sơ chuyển sang “đã có kết "
                            "quả” và anh chỉ đến xã một lần để nhận giấy khai sinh.</p>"
                        ),
                    ),
                ],
            },
        ],
        "quiz": {
            "title": "Bài kiểm tra: Dịch vụ công trực tuyến và định danh điện tử VNeID",
            "instructions": (
                "Bài kiểm tra gồm 15 câu hỏi, chỉ mở sau khi bạn hoàn thành đủ năm bài học theo "
                "thứ tự. Bạn cần đạt từ 70% tổng số điểm trở lên để nhận chứng nhận. Với câu sắp "
                "xếp, hãy kéo các bước vào đúng thứ tự thực hiện."
            ),
            "pass_mark": 70,
            "questions": [
                {
                    "type": "single",
                    "text": "Dịch vụ công trực tuyến toàn trình là gì?",
                    "points": 1,
                    "explanation": (
                        "Toàn trình nghĩa là toàn bộ quy trình được thực hiện trực tuyến."
                    ),
                    "choices": [
                        ("Chỉ tra cứu thông tin thủ tục trên mạng", False),
                        ("Nộp trực tuyến nhưng bắt buộc mang bản gốc đến nộp lại", False),
                        (
                            (
                                "Mọi bước, từ nộp hồ sơ, xử lý đến trả kết quả, đều thực hiện trên "
                                "môi trường mạng"
                            ),
                            True,
                        ),
                        ("Chỉ áp dụng cho doanh nghiệp", False),
                    ],
                },
                {
                    "type": "single",
                    "text": "Tài khoản định danh điện tử mức 2 khác mức 1 ở điểm nào?",
                    "points": 1,
                    "explanation": (
                        "Mức 2 gồm thông tin cá nhân, ảnh chân dung và vân tay, đăng ký tại cơ "
                        "quan công an."
                    ),
                    "choices": [
                        ("Chỉ dành cho cán bộ, công chức", False),
                        (
                            (
                                "Có thêm vân tay, đăng ký tại cơ quan công an và dùng được đầy đủ "
                                "tiện ích"
                            ),
                            True,
                        ),
                        ("Không cần thẻ căn cước khi đăng ký", False),
                        ("Không dùng được trên điện thoại", False),
                    ],
                },
                {
                    "type": "single",
                    "text": (
                        "Sau khi nộp hồ sơ trực tuyến thành công, bạn cần ghi lại thông tin nào để "
                        "tra cứu?"
                    ),
                    "points": 1,
                    "explanation": (
                        "Mã hồ sơ dùng để tra cứu tình trạng hồ sơ; mật khẩu và passcode phải giữ "
                        "bí mật."
                    ),
                    "choices": [
                        ("Mật khẩu VNeID", False),
                        ("Mã passcode", False),
                        ("Số IMEI của điện thoại", False),
                        ("Mã hồ sơ", True),
                    ],
                },
                {
                    "type": "single",
                    "text": (
                        "Khi kích hoạt tài khoản VNeID, số định danh cá nhân bạn nhập gồm bao "
                        "nhiêu chữ số?"
                    ),
                    "points": 1,
                    "explanation": (
                        "Số định danh cá nhân gồm 12 chữ số, in trên thẻ căn cước; passcode mới là "
                        "6 chữ số."
                    ),
                    "choices": [
                        ("6", False),
                        ("9", False),
                        ("10", False),
                        ("12", True),
                    ],
                },
                {
                    "type": "single",
                    "text": (
                        "Hồ sơ chuyển sang trạng thái yêu cầu bổ sung vì ảnh giấy chứng sinh bị "
                        "mờ. Bạn nên làm gì?"
                    ),
                    "points": 1,
                    "explanation": (
                        "Chỉ cần bổ sung đúng nội dung được yêu cầu, không phải nộp lại từ đầu."
                    ),
                    "choices": [
                        ("Nộp lại một hồ sơ mới từ đầu", False),
                        ("Chụp lại rõ nét và gửi bổ sung theo hướng dẫn", True),
                        ("Bỏ qua, hồ sơ vẫn sẽ được giải quyết", False),
                        ("Nhờ người lạ trên mạng “xử lý nhanh” có thu phí", False),
                    ],
                },
                {
                    "type": "multiple",
                    "text": (
                        "Theo bài học, những giấy tờ nào có thể tích hợp vào Ví giấy tờ trên "
                        "VNeID? (Chọn tất cả đáp án đúng)"
                    ),
                    "points": 2,
                    "explanation": (
                        "Thẻ bảo hiểm y tế, giấy phép lái xe, đăng ký xe, mã số thuế là các giấy "
                        "tờ tích hợp phổ biến."
                    ),
                    "choices": [
                        ("Thẻ bảo hiểm y tế", True),
                        ("Giấy phép lái xe", True),
                        ("Sổ tiết kiệm ngân hàng", False),
                        ("Giấy chứng nhận đăng ký xe", True),
                    ],
                    "partial_credit": True,
                },
                {
                    "type": "multiple",
                    "text": (
                        "Cần chuẩn bị gì trước khi nộp hồ sơ trực tuyến? (Chọn tất cả đáp án đúng)"
                    ),
                    "points": 2,
                    "explanation": (
                        "Phí, lệ phí chỉ nộp qua chức năng thanh toán của Cổng hoặc tại Bộ phận "
                        "Một cửa."
                    ),
                    "choices": [
                        ("Tài khoản VNeID mức 2 đã kích hoạt", True),
                        ("Bản chụp giấy tờ rõ nét, đủ trang", True),
                        ("Chuyển trước tiền lệ phí vào tài khoản cá nhân của cán bộ", False),
                        ("Kết nối Internet ổn định", True),
                    ],
                    "partial_credit": True,
                },
                {
                    "type": "multiple",
                    "text": (
                        "Bạn có thể theo dõi tình trạng hồ sơ bằng cách nào? (Chọn tất cả đáp án "
                        "đúng)"
                    ),
                    "points": 2,
                    "explanation": (
                        "Chỉ tra cứu trên Cổng bằng tài khoản của mình hoặc bằng mã hồ sơ."
                    ),
                    "choices": [
                        ("Đăng nhập Cổng, vào mục quản lý hồ sơ đã nộp", True),
                        ("Hỏi người lạ trên mạng xã hội", False),
                        ("Dùng chức năng Tra cứu hồ sơ với mã hồ sơ", True),
                        ("Gửi mật khẩu cho người khác tra cứu giúp", False),
                    ],
                    "partial_credit": True,
                },
                {
                    "type": "true_false",
                    "text": (
                        "Xuất trình tài khoản định danh điện tử mức 2 có giá trị tương đương xuất "
                        "trình thẻ căn cước."
                    ),
                    "points": 1,
                    "explanation": (
                        "Đây là quy định về giá trị sử dụng của tài khoản định danh điện tử mức 2."
                    ),
                    "answer": True,
                },
                {
                    "type": "true_false",
                    "text": (
                        "Có thể cài ứng dụng VNeID từ đường link do người tự xưng là công an gửi "
                        "qua tin nhắn."
                    ),
                    "points": 1,
                    "explanation": (
                        "Chỉ cài VNeID từ CH Play hoặc App Store; link gửi qua tin nhắn thường là "
                        "ứng dụng giả."
                    ),
                    "answer": False,
                },
                {
                    "type": "true_false",
                    "text": (
                        "Thông tin kê khai trên Cổng Dịch vụ công có giá trị pháp lý như khi nộp "
                        "hồ sơ trực tiếp."
                    ),
                    "points": 1,
                    "explanation": (
                        "Vì vậy cần khai đúng, khai thật và kiểm tra kỹ trước khi bấm Nộp hồ sơ."
                    ),
                    "answer": True,
                },
                {
                    "type": "short_text",
                    "text": "Địa chỉ trang web của Cổng Dịch vụ công quốc gia là gì?",
                    "points": 1,
                    "explanation": "Cổng Dịch vụ công quốc gia có địa chỉ dichvucong.gov.vn.",
                    "accepted": [
                        "dichvucong.gov.vn",
                        "www.dichvucong.gov.vn",
                        "https://dichvucong.gov.vn",
                    ],
                },
                {
                    "type": "single",
                    "text": (
                        "Một người gọi điện tự xưng cán bộ xã, đề nghị chuyển khoản vào tài khoản "
                        "cá nhân để “giải quyết hồ sơ nhanh”. Đó là gì?"
                    ),
                    "points": 1,
                    "explanation": (
                        "Phí, lệ phí chỉ nộp qua Cổng hoặc tại Bộ phận Một cửa, có biên lai."
                    ),
                    "choices": [
                        ("Cách nộp lệ phí chính thức", False),
                        ("Dịch vụ ưu tiên hợp pháp", False),
                        ("Dấu hiệu lừa đảo, cần báo Ủy ban nhân dân xã hoặc công an xã", True),
                        ("Yêu cầu bắt buộc của Cổng Dịch vụ công", False),
                    ],
                },
                {
                    "type": "ordering",
                    "text": (
                        "Sắp xếp các bước kích hoạt tài khoản định danh điện tử trên ứng dụng "
                        "VNeID."
                    ),
                    "points": 2,
                    "explanation": (
                        "Xác minh danh tính bằng số định danh và OTP trước, sau đó mới tạo mật "
                        "khẩu, passcode."
                    ),
                    "items": [
                        "Chọn Kích hoạt tài khoản định danh điện tử",
                        "Nhập số định danh cá nhân và số điện thoại",
                        "Nhập mã kích hoạt (OTP) nhận qua tin nhắn",
                        "Tạo mật khẩu",
                        "Tạo passcode 6 chữ số",
                    ],
                },
                {
                    "type": "ordering",
                    "text": (
                        "Sắp xếp các bước nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia."
                    ),
                    "points": 2,
                    "explanation": "Đây là trình tự nộp hồ sơ đã học trong bài 4.",
                    "items": [
                        "Đăng nhập bằng tài khoản VNeID",
                        "Tìm thủ tục và chọn Nộp trực tuyến",
                        "Khai tờ khai và đính kèm giấy tờ",
                        "Chọn hình thức nhận kết quả",
                        "Bấm Nộp hồ sơ và ghi lại mã hồ sơ",
                    ],
                },
            ],
        },
    },
]
