// The compiled translations (:/i18n/ffw_ja.qm) live in this library's resources.
namespace ffw::i18n {
int resources_anchor = 0;
}  // namespace ffw::i18n
