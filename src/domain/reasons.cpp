#include "shegong/domain/reasons.hpp"

#include <algorithm>

namespace shegong {
namespace {

constexpr ReasonWording kReasons[] = {
    {"text.required", "此项必填", "is required"},
    {"text.not_utf8", "不是有效的文本（编码不是 UTF-8）", "is not valid UTF-8 text"},
    {"text.control_character", "含有不可见的控制字符", "contains a control character"},
    {"text.too_long", "内容过长（最多{max}个字）", "is longer than {max} characters"},
    {"code.one_of", "不是可选的值", "must be one of {allowed}"},
    {"citizen_id.empty", "身份证号为空", "the ID number is empty"},
    {"citizen_id.old_form_not_digits", "15位旧身份证号只能是数字", "a 15-character ID number must be digits only"},
    {"citizen_id.too_few_digits", "身份证号位数不足，应为18位", "the ID number has {count} digits; 18 are needed"},
    {"citizen_id.length", "身份证号应为18位（或15位旧号码）",
     "the ID number must have 18 characters (or 15 digits in the old form), not {count}"},
    {"citizen_id.shape", "身份证号应为17位数字加1位数字或X",
     "the ID number must be 17 digits followed by a digit or X"},
    {"citizen_id.province", "身份证号开头不是省级代码", "the ID number does not start with a province code"},
    {"citizen_id.birth_date", "身份证号中的出生日期不存在", "the ID number holds an impossible birth date"},
    {"citizen_id.check_character", "身份证号校验位不正确（可能输错了某一位）",
     "the ID number's check character is wrong (it was probably mistyped)"},
    {"citizen_id.birth_date_future", "身份证号中的出生日期在今天之后",
     "the ID number gives a birth date in the future"},
    {"birth_date.format", "出生日期应为“年-月-日”格式的日期", "the birth date must be a date YYYY-MM-DD"},
    {"birth_date.future", "出生日期在今天之后", "the birth date is in the future"},
    {"birth_date.mismatch", "出生日期与身份证号不一致", "the birth date differs from the ID number's"},
    {"sex.mismatch", "性别与身份证号不一致（身份证号为{id_sex}）",
     "the sex differs from the ID number's ({id_sex_en})"},
    {"phone.characters", "联系电话只能包含数字、空格和 + - ( )",
     "a phone number may hold digits, spaces, + - ( ) only"},
    {"phone.length", "联系电话应为3至20个字符", "a phone number must have 3 to 20 characters"},
    {"phone.digits", "联系电话应为7至12位数字", "a phone number must have 7 to 12 digits"},
    {"phone.mobile_digits", "手机号应为11位", "a mobile number must have 11 digits"},
    {"contacts.too_many", "最多填写{max}位联系人", "at most {max} people"},
    {"relation.needs_household", "填写与户主关系时须指定所属家庭户", "a relation needs a household"},
    {"duties.audit_unchangeable", "任何角色都不得修改审计日志", "nobody changes the audit trail"},
    {"duties.regions_imported", "行政区划只来自统计部门的区划代码，不得手工修改",
     "regions come from the statistics bureau's codes"},
    {"duties.audit_auditor_only", "审计日志只由审计员查看，{role}不可",
     "only the auditor reads the audit trail, not the {role_en}"},
    {"duties.sessions_secadmin_only", "登录会话只由安全管理员管理，{role}不可",
     "sessions are the security administrator's, not the {role_en}'s"},
    {"duties.auditor_reads_only", "审计员只能查看，不得修改任何数据", "the auditor changes nothing"},
    {"duties.reveal_person_only", "只有服务对象的个人信息才有“查看完整信息”", "only personal data is revealed in full"},
    {"duties.administrators_no_personal_data", "{role}不得接触服务对象及其走访、需求等个人信息（三权分立）",
     "the {role_en} keeps apart from the people served and their records"},
    {"duties.secadmin_no_accounts", "安全管理员不得创建或修改用户账号（由系统管理员负责）",
     "the security administrator does not manage accounts"},
    {"duties.viewer_reads_only", "只读用户只能查看脱敏信息，不得修改或查看完整信息",
     "a viewer reads masked lists only"},
    {"duties.sysadmin_keeps_accounts", "系统管理员必须保留“用户·修改”权限，否则再无人能管理账号和角色",
     "the system administrator keeps write user, or nobody could manage accounts and roles again"},
};

std::string fill(std::string_view wording, const ReasonParams& params) {
  std::string out;
  out.reserve(wording.size() + 16);
  for (std::size_t i = 0; i < wording.size();) {
    if (wording[i] == '{') {
      const auto end = wording.find('}', i);
      if (end != std::string_view::npos) {
        const auto name = wording.substr(i + 1, end - i - 1);
        auto p = std::find_if(params.begin(), params.end(), [&](const auto& kv) { return kv.first == name; });
        out += p != params.end() ? p->second : std::string("?");
        i = end + 1;
        continue;
      }
    }
    out.push_back(wording[i++]);
  }
  return out;
}

} // namespace

std::span<const ReasonWording> reason_wordings() noexcept { return kReasons; }

std::optional<std::string> word_reason(std::string_view key, const ReasonParams& params, Language lang) {
  for (const auto& r : kReasons)
    if (r.key == key) return fill(lang == Language::zh ? r.zh : r.en, params);
  return std::nullopt;
}

std::string word_reason(const Error& e, Language lang, std::string_view fallback) {
  if (e.reason.empty()) return std::string(fallback);
  return word_reason(e.reason, e.params, lang).value_or(std::string(fallback));
}

} // namespace shegong
