// SPDX-License-Identifier: MIT
// Attachments: the image type read from the bytes (never the name), the size and animation read
// from the header, and the limits checked before anything is sent.
#include "AttachmentFile.h"
#include "AttachmentLimits.h"
#include "AttachmentParts.h"
#include "ImageHeader.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {
const QByteArray kRedPng = QByteArray::fromBase64(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC");

QByteArray be32(quint32 v)
{
    QByteArray b(4, 0);
    b[0] = char(v >> 24); b[1] = char(v >> 16); b[2] = char(v >> 8); b[3] = char(v);
    return b;
}
QByteArray le16(quint16 v)
{
    return QByteArray{1, char(v & 0xFF)} + QByteArray(1, char(v >> 8));
}
QByteArray le24(quint32 v)
{
    QByteArray b(3, 0);
    b[0] = char(v); b[1] = char(v >> 8); b[2] = char(v >> 16);
    return b;
}

/// A PNG header with the given size (the pixels are not needed to read it).
QByteArray pngOfSize(quint32 w, quint32 h, bool apng = false)
{
    QByteArray b("\x89PNG\r\n\x1a\n", 8);
    b += be32(13) + "IHDR" + be32(w) + be32(h) + QByteArray("\x08\x02\x00\x00\x00", 5) + be32(0);
    if (apng)
        b += be32(8) + "acTL" + be32(2) + be32(0) + be32(0);
    b += be32(0) + "IDAT" + be32(0);
    return b;
}

QByteArray jpegOfSize(quint16 w, quint16 h)
{
    QByteArray b("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 20);
    b += QByteArray("\xFF\xC0\x00\x11\x08", 5);
    b += char(h >> 8); b += char(h & 0xFF); b += char(w >> 8); b += char(w & 0xFF);
    b += QByteArray("\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01", 10);
    b += QByteArray("\xFF\xD9", 2);
    return b;
}

/// A GIF89a with \a frames 1x1 image descriptors, optionally with the NETSCAPE2.0 loop block.
QByteArray gif(int frames, bool loop = false, quint16 w = 3, quint16 h = 2)
{
    QByteArray b("GIF89a");
    b += le16(w) + le16(h) + QByteArray("\x80\x00\x00", 3) + QByteArray(6, 0); // 2-colour table
    if (loop)
        b += QByteArray("\x21\xFF\x0BNETSCAPE2.0\x03\x01\x00\x00\x00", 19);
    for (int i = 0; i < frames; ++i)
        b += QByteArray("\x2C\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02\x44\x01\x00", 15);
    b += ';';
    return b;
}

QByteArray webpVp8x(quint32 w, quint32 h, bool animated)
{
    QByteArray chunk = QByteArray(1, animated ? 0x02 : 0x00) + QByteArray(3, 0) + le24(w - 1) + le24(h - 1);
    QByteArray body = "WEBP" + QByteArray("VP8X") + le24(10) + QByteArray(1, 0) + chunk;
    return "RIFF" + le24(quint32(body.size())) + QByteArray(1, 0) + body;
}

QByteArray webpLossless(quint32 w, quint32 h)
{
    const quint32 bits = (w - 1) | ((h - 1) << 14);
    QByteArray data = QByteArray(1, 0x2F) + le24(bits) + QByteArray(1, char(bits >> 24)) + QByteArray(5, 0);
    QByteArray body = "WEBP" + QByteArray("VP8L") + le24(quint32(data.size())) + QByteArray(1, 0) + data;
    return "RIFF" + le24(quint32(body.size())) + QByteArray(1, 0) + body;
}

QByteArray webpLossy(quint16 w, quint16 h)
{
    QByteArray data = QByteArray(3, 0) + QByteArray("\x9D\x01\x2A", 3) + le16(w) + le16(h) + QByteArray(4, 0);
    QByteArray body = "WEBP" + QByteArray("VP8 ") + le24(quint32(data.size())) + QByteArray(1, 0) + data;
    return "RIFF" + le24(quint32(body.size())) + QByteArray(1, 0) + body;
}

Attachment image(const QString &name, const QByteArray &bytes)
{
    QString error;
    const auto loaded = AttachmentFile::imageFromBytes(name, bytes, &error);
    if (!loaded)
        qFatal("test image %s: %s", qPrintable(name), qPrintable(error));
    return *loaded;
}

QString write(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}
} // namespace

class TestAttachments : public QObject
{
    Q_OBJECT

private slots:
    void readsTypeAndSizeFromTheBytes_data();
    void readsTypeAndSizeFromTheBytes();
    void textIsNotAnImageWhateverItsName();
    void truncatedHeadersGiveNoSize();
    void filesAreNamedInEveryError();
    void textFilesAreDecodedAndWrapped();
    void limitsPerProvider();
    void tooManyImages();
    void wireParts();
};

void TestAttachments::readsTypeAndSizeFromTheBytes_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("mime");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<bool>("animated");
    QTest::newRow("red 1x1 png") << kRedPng << "image/png" << 1 << 1 << false;
    QTest::newRow("png 9000x10") << pngOfSize(9000, 10) << "image/png" << 9000 << 10 << false;
    QTest::newRow("apng") << pngOfSize(4, 4, true) << "image/png" << 4 << 4 << true;
    QTest::newRow("jpeg 640x480") << jpegOfSize(640, 480) << "image/jpeg" << 640 << 480 << false;
    QTest::newRow("gif one frame") << gif(1) << "image/gif" << 3 << 2 << false;
    QTest::newRow("gif two frames") << gif(2) << "image/gif" << 3 << 2 << true;
    QTest::newRow("gif loop block") << gif(1, true) << "image/gif" << 3 << 2 << true;
    QTest::newRow("webp vp8x") << webpVp8x(300, 200, false) << "image/webp" << 300 << 200 << false;
    QTest::newRow("webp lossless") << webpLossless(1024, 77) << "image/webp" << 1024 << 77 << false;
    QTest::newRow("webp lossy") << webpLossy(640, 360) << "image/webp" << 640 << 360 << false;
    QTest::newRow("webp animated") << webpVp8x(30, 20, true) << "image/webp" << 30 << 20 << true;
}

void TestAttachments::readsTypeAndSizeFromTheBytes()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, mime);
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(bool, animated);
    const ImageHeader header = ImageHeader::read(bytes);
    QCOMPARE(header.mimeType(), mime);
    QCOMPARE(header.width, width);
    QCOMPARE(header.height, height);
    QCOMPARE(header.animated, animated);
}

void TestAttachments::textIsNotAnImageWhateverItsName()
{
    QVERIFY(!ImageHeader::read("just some text, saved as shot.png\n").isImage());
    QVERIFY(!ImageHeader::read(QByteArray()).isImage());
    QVERIFY(!ImageHeader::read("RIFF\x10\x00\x00\x00WAVEfmt ").isImage());
}

void TestAttachments::truncatedHeadersGiveNoSize()
{
    const ImageHeader png = ImageHeader::read(kRedPng.left(12));
    QCOMPARE(png.typeName(), QStringLiteral("PNG"));
    QCOMPARE(png.width, 0);
    QCOMPARE(ImageHeader::read(jpegOfSize(10, 10).left(24)).width, 0);
    QCOMPARE(ImageHeader::read(QByteArray("GIF89a\x01", 7)).width, 0);
}

void TestAttachments::filesAreNamedInEveryError()
{
    QTemporaryDir dir;
    QString error;
    // A .png that is text: refused by its bytes.
    const QString fake = write(dir, QStringLiteral("shot.png"), "this is not an image\n");
    QVERIFY(!AttachmentFile::loadImage(fake, &error));
    QVERIFY2(error.contains(fake) && error.contains(QStringLiteral("not a PNG, JPEG, WebP or GIF")), qPrintable(error));
    // By the name alone it is taken for an image, so its bytes must agree; text named .txt is text.
    QVERIFY(!AttachmentFile::load(fake, &error));
    QVERIFY2(error.contains(QStringLiteral("not a PNG")), qPrintable(error));
    const auto text = AttachmentFile::load(write(dir, QStringLiteral("a.txt"), "plain"), &error);
    QVERIFY(text && text->kind == Attachment::Kind::Text);
    const auto unnamed = AttachmentFile::load(write(dir, QStringLiteral("picture"), kRedPng), &error);
    QVERIFY(unnamed && unnamed->kind == Attachment::Kind::Image);
    // A PNG named .jpg is a PNG.
    const auto renamed = AttachmentFile::loadImage(write(dir, QStringLiteral("photo.jpg"), kRedPng), &error);
    QVERIFY(renamed);
    QCOMPARE(renamed->mimeType, QStringLiteral("image/png"));
    QCOMPARE(renamed->fileName, QStringLiteral("photo.jpg"));
    QCOMPARE(renamed->kind, Attachment::Kind::Image);
    // Missing, a folder, unreadable.
    const QString missing = dir.filePath(QStringLiteral("gone.png"));
    QVERIFY(!AttachmentFile::loadImage(missing, &error));
    QVERIFY2(error.startsWith(QStringLiteral("cannot read image \"%1\"").arg(missing)), qPrintable(error));
    QVERIFY(!AttachmentFile::loadText(dir.path(), &error));
    QVERIFY2(error.contains(dir.path()) && error.contains(QStringLiteral("folder")), qPrintable(error));
    // Truncated header, empty file, oversize.
    QVERIFY(!AttachmentFile::loadImage(write(dir, QStringLiteral("cut.png"), kRedPng.left(12)), &error));
    QVERIFY2(error.contains(QStringLiteral("cut.png")) && error.contains(QStringLiteral("cut short")), qPrintable(error));
    QVERIFY(!AttachmentFile::loadImage(write(dir, QStringLiteral("empty.png"), {}), &error));
    QVERIFY2(error.contains(QStringLiteral("empty")), qPrintable(error));
    QByteArray huge = pngOfSize(10, 10);
    huge.append(QByteArray(AttachmentFile::kMaxImageBytes, 'x'));
    QVERIFY(!AttachmentFile::loadImage(write(dir, QStringLiteral("huge.png"), huge), &error));
    QVERIFY2(error.contains(QStringLiteral("huge.png")) && error.contains(QStringLiteral("larger than 20 MB")), qPrintable(error));
    // No read permission (root reads it anyway: then the file must load, not fail).
    const QString locked = write(dir, QStringLiteral("locked.png"), kRedPng);
    QFile::setPermissions(locked, QFileDevice::WriteOwner);
    const bool readableAnyway = QFile(locked).open(QIODevice::ReadOnly);
    const auto loaded = AttachmentFile::loadImage(locked, &error);
    QCOMPARE(bool(loaded), readableAnyway);
    if (!loaded)
        QVERIFY2(error.startsWith(QStringLiteral("cannot read image \"%1\"").arg(locked)), qPrintable(error));
}

void TestAttachments::textFilesAreDecodedAndWrapped()
{
    QTemporaryDir dir;
    QString error;
    const auto notes = AttachmentFile::loadText(write(dir, QStringLiteral("notes.txt"), "\xEF\xBB\xBF" "caf\xC3\xA9 list"), &error);
    QVERIFY2(notes, qPrintable(error));
    QCOMPARE(QString::fromUtf8(notes->data), QStringLiteral("caf\u00e9 list"));
    QVERIFY(!AttachmentFile::loadText(write(dir, QStringLiteral("data.txt"), QByteArray("a\0b\0c", 5)), &error));
    QVERIFY2(error.contains(QStringLiteral("data.txt")) && error.contains(QStringLiteral("not a text file")), qPrintable(error));
    QVERIFY(!AttachmentFile::loadText(write(dir, QStringLiteral("pic.txt"), kRedPng), &error));
    QVERIFY2(error.contains(QStringLiteral("an image")), qPrintable(error));
    QVERIFY(!AttachmentFile::loadText(write(dir, QStringLiteral("big.txt"), QByteArray(AttachmentFile::kMaxTextBytes + 1, 'a')), &error));
    QVERIFY2(error.contains(QStringLiteral("big.txt")) && error.contains(QStringLiteral("1 MB")), qPrintable(error));
    QCOMPARE(AttachmentParts::withDocuments(QStringLiteral("Summarise the notes above."), {*notes}),
             QStringLiteral("<document>\n<source>notes.txt</source>\n<document_content>\ncaf\u00e9 list\n</document_content>\n"
                            "</document>\n\nSummarise the notes above."));
}

void TestAttachments::limitsPerProvider()
{
    const Attachment png = image(QStringLiteral("red.png"), kRedPng);
    const Attachment still = image(QStringLiteral("still.gif"), gif(1));
    const Attachment moving = image(QStringLiteral("moving.gif"), gif(2));
    const Attachment wide = image(QStringLiteral("wide.png"), pngOfSize(9000, 10));
    const QString provider = QStringLiteral("P");
    for (ProviderKind kind : {ProviderKind::OpenAI, ProviderKind::OpenAIResponses, ProviderKind::Anthropic, ProviderKind::Gemini, ProviderKind::Ollama})
        QVERIFY(AttachmentLimits::problem(kind, provider, {png}).isEmpty());
    // GIF: never to Gemini; animated not to OpenAI.
    QString problem = AttachmentLimits::problem(ProviderKind::Gemini, QStringLiteral("Gemini"), {still});
    QVERIFY2(problem.contains(QStringLiteral("\"still.gif\"")) && problem.contains(QStringLiteral("Gemini does not accept GIF")), qPrintable(problem));
    QVERIFY(AttachmentLimits::problem(ProviderKind::OpenAI, provider, {still}).isEmpty());
    problem = AttachmentLimits::problem(ProviderKind::OpenAIResponses, QStringLiteral("OpenAI"), {moving});
    QVERIFY2(problem.contains(QStringLiteral("\"moving.gif\"")) && problem.contains(QStringLiteral("animated")), qPrintable(problem));
    QVERIFY(AttachmentLimits::problem(ProviderKind::Anthropic, provider, {moving}).isEmpty());
    // 9000 px: too wide for Anthropic, fine for OpenAI.
    problem = AttachmentLimits::problem(ProviderKind::Anthropic, QStringLiteral("Anthropic"), {wide});
    QVERIFY2(problem.contains(QStringLiteral("wide.png")) && problem.contains(QStringLiteral("9000x10")), qPrintable(problem));
    QVERIFY(AttachmentLimits::problem(ProviderKind::OpenAI, provider, {wide}).isEmpty());
    // 21 images of 2100 px: Anthropic's many-image rule; 20 of them pass.
    QList<Attachment> many(21, image(QStringLiteral("strip.png"), pngOfSize(2100, 100)));
    problem = AttachmentLimits::problem(ProviderKind::Anthropic, QStringLiteral("Anthropic"), many);
    QVERIFY2(problem.contains(QStringLiteral("more than 20 images")) && problem.contains(QStringLiteral("2000 px")), qPrintable(problem));
    many.removeLast();
    QVERIFY(AttachmentLimits::problem(ProviderKind::Anthropic, provider, many).isEmpty());
    // Size per image on the base64 text for Anthropic: 4 MB raw is 5.3 MB of base64.
    Attachment big = image(QStringLiteral("big.png"), pngOfSize(100, 100) + QByteArray(4 * 1024 * 1024, 'x'));
    problem = AttachmentLimits::problem(ProviderKind::Anthropic, QStringLiteral("Anthropic"), {big});
    QVERIFY2(problem.contains(QStringLiteral("\"big.png\" (PNG, 4.0 MB) exceeds Anthropic's 5 MB limit per image (measured after base64 encoding)")),
             qPrintable(problem));
    QVERIFY(AttachmentLimits::problem(ProviderKind::OpenAI, provider, {big}).isEmpty());
    // Total per request: three 8 MB images pass OpenAI's 20 MB each, not Gemini's 20 MB in all.
    const Attachment eight = image(QStringLiteral("eight.png"), pngOfSize(100, 100) + QByteArray(8 * 1024 * 1024, 'x'));
    problem = AttachmentLimits::problem(ProviderKind::Gemini, QStringLiteral("Gemini"), {eight, eight, eight});
    QVERIFY2(problem.contains(QStringLiteral("the 3 images attached")) && problem.contains(QStringLiteral("20 MB")), qPrintable(problem));
    QVERIFY(AttachmentLimits::problem(ProviderKind::OpenAI, provider, {eight, eight, eight}).isEmpty());
    problem = AttachmentLimits::problem(ProviderKind::OpenAI, QStringLiteral("OpenAI"), QList<Attachment>(7, eight));
    QVERIFY2(problem.contains(QStringLiteral("50 MB")), qPrintable(problem));
}

void TestAttachments::tooManyImages()
{
    const Attachment png = image(QStringLiteral("red.png"), kRedPng);
    QVERIFY(AttachmentLimits::problem(ProviderKind::Anthropic, QStringLiteral("A"), QList<Attachment>(100, png)).isEmpty());
    const QString problem = AttachmentLimits::problem(ProviderKind::Anthropic, QStringLiteral("Anthropic"), QList<Attachment>(101, png));
    QCOMPARE(problem, QStringLiteral("101 images attached; Anthropic takes at most 100 per request"));
    QVERIFY(!AttachmentLimits::problem(ProviderKind::OpenAI, QStringLiteral("OpenAI"), QList<Attachment>(501, png)).isEmpty());
    Attachment text;
    text.fileName = QStringLiteral("t.txt");
    text.data = "x";
    QVERIFY(!AttachmentLimits::problem(ProviderKind::Ollama, QStringLiteral("Ollama"), QList<Attachment>(21, text)).isEmpty());
}

void TestAttachments::wireParts()
{
    const Attachment png = image(QStringLiteral("red.png"), kRedPng);
    const QString b64 = QString::fromLatin1(kRedPng.toBase64());
    const QString url = QStringLiteral("data:image/png;base64,") + b64;
    const auto json = [](const QJsonValue &v) {
        return QString::fromUtf8(QJsonDocument(v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject())).toJson(QJsonDocument::Compact));
    };
    QCOMPARE(json(AttachmentParts::openAiChatContent(QStringLiteral("What?"), {png})),
             QStringLiteral(R"([{"image_url":{"detail":"auto","url":"%1"},"type":"image_url"},{"text":"What?","type":"text"}])").arg(url));
    QCOMPARE(json(AttachmentParts::responsesContent(QStringLiteral("What?"), {png})),
             QStringLiteral(R"([{"detail":"auto","image_url":"%1","type":"input_image"},{"text":"What?","type":"input_text"}])").arg(url));
    QCOMPARE(json(AttachmentParts::anthropicContent(QStringLiteral("What?"), {png})),
             QStringLiteral(R"([{"source":{"data":"%1","media_type":"image/png","type":"base64"},"type":"image"},{"text":"What?","type":"text"}])").arg(b64));
    QCOMPARE(json(AttachmentParts::geminiParts(QStringLiteral("What?"), {png})),
             QStringLiteral(R"([{"inlineData":{"data":"%1","mimeType":"image/png"}},{"text":"What?"}])").arg(b64));
    QCOMPARE(json(AttachmentParts::ollamaImages({png})), QStringLiteral(R"(["%1"])").arg(b64));
    // No image: the plain string every format takes.
    QVERIFY(AttachmentParts::openAiChatContent(QStringLiteral("Hi"), {}).isString());
    QVERIFY(AttachmentParts::anthropicContent(QStringLiteral("Hi"), {}).isString());
    // An image alone: no empty text part (Anthropic and Gemini reject one).
    QCOMPARE(AttachmentParts::anthropicContent(QString(), {png}).toArray().size(), 1);
    QCOMPARE(AttachmentParts::geminiParts(QString(), {png}).size(), 1);
}

QTEST_GUILESS_MAIN(TestAttachments)
#include "tst_attachments.moc"
