"""Generate the culture & tourism track's datasets: deterministic (seeded), standard library only.

    python tracks/culture_tourism/generate.py

writes `data/attraction_qa.jsonl` (a visitor-information card and one question about it)
and `data/scenic_summary.jsonl` (a scenic-spot description and a one-sentence summary).
Every scenic spot, county and fact is fictional: names are drawn from syllable pools and
facts from per-type vocabularies, so answers come only from the given text.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SEED = 20240618

QA_DEV, QA_TEST, QA_EN_SHARE = 30, 100, 0.2
SUM_DEV, SUM_TEST = 30, 60

# ---------------------------------------------------------------- places

PROVINCES = {  # province -> (English, region)
    "浙江": ("Zhejiang", "华东"),
    "江苏": ("Jiangsu", "华东"),
    "安徽": ("Anhui", "华东"),
    "福建": ("Fujian", "华东"),
    "江西": ("Jiangxi", "华东"),
    "山东": ("Shandong", "华东"),
    "广东": ("Guangdong", "华南"),
    "广西": ("Guangxi", "华南"),
    "海南": ("Hainan", "华南"),
    "湖南": ("Hunan", "华中"),
    "湖北": ("Hubei", "华中"),
    "河南": ("Henan", "华中"),
    "河北": ("Hebei", "华北"),
    "山西": ("Shanxi", "华北"),
    "内蒙古": ("Inner Mongolia", "华北"),
    "四川": ("Sichuan", "西南"),
    "云南": ("Yunnan", "西南"),
    "贵州": ("Guizhou", "西南"),
    "重庆": ("Chongqing", "西南"),
    "陕西": ("Shaanxi", "西北"),
    "甘肃": ("Gansu", "西北"),
    "青海": ("Qinghai", "西北"),
    "宁夏": ("Ningxia", "西北"),
    "新疆": ("Xinjiang", "西北"),
    "辽宁": ("Liaoning", "东北"),
    "吉林": ("Jilin", "东北"),
    "黑龙江": ("Heilongjiang", "东北"),
}
PROVINCE_SUFFIX = {
    "内蒙古": "自治区",
    "广西": "壮族自治区",
    "宁夏": "回族自治区",
    "新疆": "维吾尔自治区",
    "重庆": "市",
}

COUNTIES = [  # fictional counties: (Chinese, English)
    ("清溪县", "Qingxi"), ("永平县", "Yongping"), ("宁川县", "Ningchuan"), ("安源县", "Anyuan"),
    ("丰溪县", "Fengxi"), ("长宁县", "Changning"), ("兴川县", "Xingchuan"), ("平川县", "Pingchuan"),
    ("新庆县", "Xinqing"), ("云和县", "Yunhe"), ("宜水县", "Yishui"), ("南屏县", "Nanping"),
    ("东溪县", "Dongxi"), ("西林县", "Xilin"), ("乐川县", "Lechuan"), ("崇岭县", "Chongling"),
    ("白沙县", "Baisha"), ("泰宁县", "Taining"), ("万溪县", "Wanxi"), ("凤台县", "Fengtai"),
]  # fmt: skip

PREFIXES = [  # the first half of a spot's name: (Chinese, pinyin)
    ("云栖", "Yunqi"), ("青岚", "Qinglan"), ("翠屏", "Cuiping"), ("落霞", "Luoxia"), ("栖凤", "Qifeng"),
    ("望江", "Wangjiang"), ("临溪", "Linxi"), ("白鹭", "Bailu"), ("石门", "Shimen"), ("凤鸣", "Fengming"),
    ("松涛", "Songtao"), ("龙潭", "Longtan"), ("鹿鸣", "Luming"), ("碧溪", "Bixi"), ("金沙", "Jinsha"),
    ("紫云", "Ziyun"), ("玉屏", "Yuping"), ("清源", "Qingyuan"), ("柳岸", "Liu'an"), ("桃溪", "Taoxi"),
    ("梅岭", "Meiling"), ("竹溪", "Zhuxi"), ("雁回", "Yanhui"), ("秋浦", "Qiupu"), ("霞浦", "Xiapu"),
    ("云岫", "Yunxiu"), ("镜湖", "Jinghu"), ("丹霞", "Danxia"), ("望云", "Wangyun"), ("听涛", "Tingtao"),
    ("卧龙", "Wolong"), ("归云", "Guiyun"), ("浣溪", "Huanxi"), ("栖霞", "Qixia"), ("锦屏", "Jinping"),
    ("观澜", "Guanlan"), ("烟波", "Yanbo"), ("凌云", "Lingyun"), ("洗马", "Xima"), ("星潭", "Xingtan"),
    ("银杏", "Yinxing"), ("青溪", "Qingxi"), ("月亮", "Yueliang"), ("双龙", "Shuanglong"), ("白云", "Baiyun"),
]  # fmt: skip

DYNASTY_EN = {
    "唐代": "Tang dynasty", "北宋": "Northern Song dynasty", "南宋": "Southern Song dynasty",
    "元代": "Yuan dynasty", "明代": "Ming dynasty", "清代": "Qing dynasty", "北魏": "Northern Wei dynasty",
    "东魏": "Eastern Wei dynasty", "隋代": "Sui dynasty", "五代": "Five Dynasties period",
}  # fmt: skip
DIRECTIONS = [
    ("东", "east"),
    ("南", "south"),
    ("西", "west"),
    ("北", "north"),
    ("东北", "northeast"),
    ("西南", "southwest"),
]


# ---------------------------------------------------------------- spot types
#
# Each type draws its facts, and says how they read: a history fact and a number fact
# (both also asked about in QA), features and highlights as (description sentence,
# summary phrase) pairs, and seasons as (description sentence, summary clause) pairs.


def _pick(rng: random.Random, pool: list, k: int = 1) -> list:
    return rng.sample(pool, k)


def draw_town(rng: random.Random) -> dict:
    era = rng.choice(["北宋", "南宋", "元代", "明代"])
    trade = rng.choice(
        [
            ("漕运", "canal shipping"),
            ("盐运", "the salt trade"),
            ("丝绸贸易", "the silk trade"),
            ("茶叶贸易", "the tea trade"),
        ]
    )
    food = rng.choice(["定胜糕", "酱鸭", "青团", "桂花糖藕", "米酒", "麦芽塌饼"])
    return {
        "era": era,
        "trade": trade[0],
        "trade_en": trade[1],
        "n": rng.randrange(80, 420, 10),
        "bridges": rng.randrange(8, 36),
        "street": rng.randrange(4, 16) * 100,
        "hall": rng.choice(["沈氏宗祠", "王家祠堂", "陈氏宗祠", "叶家大院"]),
        "food": food,
        "date": rng.choice(["正月十五", "二月初二", "三月初三"]),
    }


def draw_mountain(rng: random.Random) -> dict:
    return {
        "year": rng.randrange(1985, 2016),
        "peak": rng.choice(["天柱", "莲花", "玉女", "仙人", "望海", "紫霄", "狮子", "摩天"]),
        "alt": rng.randrange(900, 2400),
        "falls": rng.randrange(3, 12),
        "river": rng.choice(["长江", "钱塘江", "湘江", "赣江", "汉江", "闽江"]),
        "mins": rng.randrange(8, 25),
        "temple": rng.choice(["云顶寺", "灵峰庵", "玄妙观", "白云庵"]),
    }


def draw_lake(rng: random.Random) -> dict:
    return {
        "year": rng.randrange(2005, 2021),
        "area": rng.randrange(6, 90),
        "islands": rng.randrange(3, 30),
        "bird": rng.choice(["白鹭", "灰鹤", "天鹅", "黑鹳", "小天鹅", "东方白鹳"]),
        "km": rng.randrange(12, 60),
        "fish": rng.choice(["银鱼", "鳜鱼", "鲢鱼", "湖虾"]),
    }


def draw_temple(rng: random.Random) -> dict:
    era, reign = rng.choice(
        [
            ("唐代", "贞观"),
            ("唐代", "开元"),
            ("北宋", "太平兴国"),
            ("北宋", "熙宁"),
            ("明代", "洪武"),
            ("隋代", "大业"),
        ]
    )
    return {
        "era": era,
        "reign": reign,
        "age": rng.choice([600, 800, 1000, 1200, 1300]),
        "steles": rng.randrange(12, 80),
        "hall_era": rng.choice(["元代", "明代"]),
    }


def draw_museum(rng: random.Random) -> dict:
    theme, treasure, craft = rng.choice(
        [
            ("陶瓷", "宋代青瓷莲花碗", "拉坯"),
            ("茶文化", "明代紫砂提梁壶", "点茶"),
            ("民俗", "清代彩绘花轿", "剪纸"),
            ("丝绸", "元代织金锦残片", "缂丝"),
            ("农耕", "汉代陶水田模型", "木版年画拓印"),
            ("青铜", "战国错金铜壶", "青铜器拓片制作"),
        ]
    )
    opened = rng.randrange(1995, 2016)
    return {
        "theme": theme,
        "treasure": treasure,
        "craft": craft,
        "year": opened,
        "year2": opened + rng.randrange(4, 9),
        "n": rng.randrange(30, 500) * 100,
        "top": rng.randrange(5, 60),
        "halls": rng.randrange(4, 10),
        "site": rng.choice(["县城东郊的古墓", "城北的窑址", "当地的一处遗址"]),
    }


def draw_garden(rng: random.Random) -> dict:
    reign = rng.choice(["嘉靖", "万历", "正德", "弘治"])
    flower, bloom = rng.choice(
        [("梅花", "早春二月"), ("海棠", "四月"), ("荷花", "七月"), ("桂花", "九月"), ("牡丹", "四月下旬")]
    )
    return {
        "reign": reign,
        "reign2": rng.choice(["乾隆", "道光", "光绪"]),
        "owner": rng.choice(["一位退隐官员", "当地一位盐商", "一位致仕尚书"]),
        "mu": rng.randrange(8, 60),
        "windows": rng.randrange(20, 90),
        "flower": flower,
        "bloom": bloom,
    }


def draw_gorge(rng: random.Random) -> dict:
    return {
        "year": rng.randrange(2000, 2020),
        "km": rng.randrange(6, 40),
        "depth": rng.randrange(200, 900, 10),
        "drop": rng.randrange(30, 160),
        "fall": rng.choice(["飞龙", "白练", "珍珠", "银河", "九叠"]),
        "raft": rng.randrange(3, 9),
        "hours": rng.randrange(3, 7),
    }


def draw_island(rng: random.Random) -> dict:
    return {
        "year": rng.randrange(2003, 2020),
        "area": rng.randrange(3, 40),
        "beaches": rng.randrange(2, 8),
        "beach": rng.choice(["月牙湾", "金沙湾", "银滩", "贝壳湾"]),
        "m": rng.randrange(5, 30) * 100,
        "mins": rng.choice([20, 30, 40, 45, 50, 60, 80]),
    }


ETHNIC = {  # group -> (festival, performance, craft, building, provinces)
    "苗族": ("苗年", "芦笙舞", "苗绣和银饰制作", "吊脚楼", ["贵州", "湖南", "云南"]),
    "侗族": ("侗年", "侗族大歌", "侗布染织", "鼓楼和风雨桥", ["贵州", "广西", "湖南"]),
    "布依族": ("“三月三”", "布依八音坐唱", "蜡染", "石板房", ["贵州"]),
    "瑶族": ("盘王节", "长鼓舞", "瑶绣", "吊脚楼", ["广西", "湖南", "广东"]),
    "土家族": ("摆手节", "摆手舞", "西兰卡普织锦", "吊脚楼", ["湖南", "湖北", "重庆"]),
    "彝族": ("火把节", "彝族歌舞", "彝族漆器", "土掌房", ["云南", "四川"]),
}
ETHNIC_EN = {
    "苗族": "Miao",
    "侗族": "Dong",
    "布依族": "Bouyei",
    "瑶族": "Yao",
    "土家族": "Tujia",
    "彝族": "Yi",
}


def draw_village(rng: random.Random, province: str) -> dict:
    group = rng.choice([g for g, v in ETHNIC.items() if province in v[4]])
    festival, show, craft, building, _ = ETHNIC[group]
    return {
        "group": group,
        "festival": festival,
        "show": show,
        "craft": craft,
        "building": building,
        "n": rng.randrange(120, 900, 10),
        "age": rng.choice([300, 400, 500, 600, 700]),
    }


def draw_grotto(rng: random.Random) -> dict:
    era, later = rng.choice(
        [("北魏", "隋、唐"), ("东魏", "北齐、隋"), ("隋代", "唐、五代"), ("唐代", "五代、宋")]
    )
    return {
        "era": era,
        "later": later,
        "caves": rng.randrange(20, 260),
        "statues": rng.randrange(5, 90) * 100,
        "h": rng.randrange(6, 26),
        "m": rng.randrange(3, 20) * 100,
    }


def draw_forest(rng: random.Random) -> dict:
    return {
        "year": rng.randrange(1995, 2018),
        "pct": rng.randrange(86, 98),
        "tree": rng.choice(["红豆杉", "银杏", "香果树", "鹅掌楸", "珙桐"]),
        "km": rng.randrange(3, 15),
        "lakes": rng.randrange(2, 7),
    }


def draw_grassland(rng: random.Random) -> dict:
    return {
        "year": rng.randrange(2008, 2022),
        "area": rng.randrange(200, 3000, 10),
        "alt": rng.randrange(1200, 3600, 10),
        "river": rng.choice(["哈拉河", "乌兰河", "巴音河", "塔拉河"]),
        "month": rng.choice(["7月", "8月"]),
    }


@dataclass(frozen=True)
class SpotType:
    key: str  # the `spot_type` tag
    suffix: str
    suffix_en: str
    type_word: str  # how a summary names the kind of place: "measure word|noun"
    provinces: tuple[str, ...]
    draw: object  # (rng) or (rng, province) -> facts
    history: str  # a description sentence
    history_en: str
    history_adj: str  # the summary's adjective phrase ("" when none)
    number: str  # a sentence stating the type's number fact
    number_en: str
    q_history: tuple[str, str, str, str]  # question, answer, English question, English answer
    q_number: tuple[str, str, str, str]
    features: tuple[tuple[str, str], ...]
    highlights: tuple[tuple[str, str], ...]
    seasons: tuple[tuple[str, str], ...]
    extra: tuple[str, str, int, int] | None = None  # paid extra: (Chinese, English, low, high) price


ALL = tuple(PROVINCES)
# where a temple founded under the Tang, Sui, Song or early Ming is plausible
HAN_HEARTLAND = (
    "浙江",
    "江苏",
    "安徽",
    "福建",
    "江西",
    "山东",
    "广东",
    "湖南",
    "湖北",
    "河南",
    "河北",
    "山西",
    "四川",
    "重庆",
    "陕西",
    "甘肃",
)
FORESTED = tuple(p for p in PROVINCES if p not in {"海南", "新疆", "青海", "宁夏", "内蒙古"})
TYPES = [
    SpotType(
        "古镇",
        "古镇",
        "Ancient Town",
        "座|水乡古镇",
        ("浙江", "江苏", "安徽", "江西", "湖南", "四川", "重庆", "广东"),
        draw_town,
        "古镇始建于{era}，明清时期因{trade}而兴盛一时。",
        "The town was founded in the {era_en} and prospered through {trade_en} in the Ming and Qing periods.",
        "始建于{era}的",
        "镇内至今保存着明清古建筑{n}余栋。",
        "More than {n} Ming and Qing buildings survive in the town.",
        ("古镇始建于哪个朝代？", "{era}", "In which dynasty was the town founded?", "{era_en}"),
        (
            "镇内保存着多少栋明清古建筑？",
            "{n}余栋",
            "How many Ming and Qing buildings survive in the town?",
            "more than {n}",
        ),
        (
            ("镇内河道纵横，{bridges}座石拱桥横跨水上，白墙黛瓦的民居枕河而建。", "小桥流水、枕河人家"),
            ("一条长约{street}米的青石板老街贯穿全镇，两旁茶馆、酱园和手工作坊林立。", "青石板老街"),
            ("{hall}是镇上规模最大的古建筑，梁架上的木雕至今保存完好。", "精美的古建木雕"),
        ),
        (
            ("游客可以乘坐摇橹船沿河游览，傍晚时分两岸灯笼次第亮起，别有一番韵味。", "可乘摇橹船夜游古镇"),
            (
                "每逢农历{date}，镇上都会举办庙会，舞龙、踩高跷等民俗表演吸引大批游客。",
                "农历{date}的庙会热闹非凡",
            ),
            ("{food}是这里的传统小吃，不少游客专程前来品尝。", "传统小吃{food}远近闻名"),
        ),
        (
            ("春季烟雨朦胧时游览，最能体会水乡韵味。", "春季最宜游览"),
            ("秋季天高气爽，最适合在古镇中漫步。", "秋季最宜游览"),
        ),
        ("游船", "boat ride", 40, 120),
    ),
    SpotType(
        "山岳",
        "山",
        "Mountain",
        "处|山岳型风景区",
        ALL,
        draw_mountain,
        "{year}年，这里被列为省级风景名胜区。",
        "It was listed as a provincial scenic area in {year}.",
        "",
        "主峰{peak}峰海拔{alt}米，是方圆百里的最高点。",
        "Its highest peak, {peak_en} Peak, rises to {alt:,} metres.",
        (
            "景区哪一年被列为省级风景名胜区？",
            "{year}年",
            "In which year was it listed as a provincial scenic area?",
            "{year}",
        ),
        ("主峰海拔多少米？", "{alt}米", "How high is the highest peak?", "{alt:,} metres"),
        (
            ("山间奇峰林立、怪石嶙峋，许多石头因形似动物而得名。", "奇峰怪石"),
            ("山中常年云雾缭绕，雨后初晴时常能看到壮观的云海。", "云海奇观"),
            ("山腰以上分布着大片原始森林，古木参天，溪流潺潺。", "原始森林"),
            ("登山步道沿溪而建，沿途有大小瀑布{falls}处。", "沿途的溪流瀑布"),
        ),
        (
            ("登上{peak}峰可以观赏日出，天气晴好时还能远眺{river}。", "可登顶观日出"),
            ("景区设有索道，从山脚到{peak}峰附近只需约{mins}分钟。", "可乘索道上山"),
            ("半山腰的{temple}已有数百年历史，是当地人祈福的去处。", "半山腰有古老的{temple}"),
        ),
        (
            ("秋季漫山红叶，是一年中最美的时节。", "秋季赏红叶最佳"),
            ("夏季山上比山下凉爽许多，是避暑的好去处。", "夏季适合避暑"),
        ),
        ("索道单程", "one-way cable car", 40, 90),
    ),
    SpotType(
        "湖泊湿地",
        "湖",
        "Lake",
        "处|湖泊湿地景区",
        ALL,
        draw_lake,
        "{year}年，这里被批准为国家湿地公园。",
        "It became a national wetland park in {year}.",
        "",
        "湖区水域面积约{area}平方千米，湖中散布着大小岛屿{islands}座。",
        "The lake covers about {area} square kilometres and holds {islands} islands.",
        (
            "景区哪一年被批准为国家湿地公园？",
            "{year}年",
            "In which year did it become a national wetland park?",
            "{year}",
        ),
        (
            "湖区水域面积约多少平方千米？",
            "约{area}平方千米",
            "How large is the lake?",
            "about {area} square kilometres",
        ),
        (
            ("湖岸芦苇连片，是{bird}等水鸟的重要栖息地。", "丰富的水鸟资源"),
            ("环湖修建了长约{km}千米的绿道，可以步行，也可以骑行。", "环湖绿道"),
            ("湖水清澈见底，远处群山倒映水中，宛如一幅水墨画。", "山水倒影"),
        ),
        (
            ("每年冬季都有大批候鸟在此越冬，是观鸟爱好者的聚集地。", "冬季可观赏越冬候鸟"),
            ("游客可以乘游船登岛，品尝新鲜的{fish}。", "可乘船登岛品尝{fish}"),
            ("傍晚在湖边观看落日，整个湖面被染成一片金黄。", "湖边落日很美"),
        ),
        (
            ("冬季观鸟、春秋骑行都很适宜。", "冬季最宜观鸟"),
            ("春秋两季气候宜人，最适合环湖游览。", "春秋两季最宜游览"),
        ),
        ("游船", "boat ride", 30, 80),
    ),
    SpotType(
        "寺庙",
        "寺",
        "Temple",
        "座|古寺",
        HAN_HEARTLAND,
        draw_temple,
        "寺院始建于{era}{reign}年间，此后历代屡有修葺。",
        "The temple was founded in the {reign_en} reign of the {era_en} and has been repaired many times since.",
        "始建于{era}的",
        "寺内保存着历代碑刻{steles}通，书法价值颇高。",
        "The temple keeps {steles} stone steles from different periods.",
        (
            "寺院始建于什么时期？",
            "{era}{reign}年间",
            "When was the temple founded?",
            "the {reign_en} reign of the {era_en}",
        ),
        (
            "寺内保存着多少通历代碑刻？",
            "{steles}通",
            "How many stone steles does the temple keep?",
            "{steles}",
        ),
        (
            ("寺院依山而建，中轴线上依次排列着山门、天王殿、大雄宝殿和藏经楼。", "依山而建的殿宇"),
            ("大雄宝殿为{hall_era}木构建筑，斗拱硕大，是省内现存较早的木结构建筑之一。", "古老的木构大殿"),
            ("殿前两株古银杏树龄约{age}年，秋天落叶满地金黄。", "千年古银杏"),
        ),
        (
            ("每天清晨寺内钟声悠扬，游客可以参加免费的禅茶体验。", "可体验晨钟与禅茶"),
            ("寺后有一条古道通往山顶观景台，可以俯瞰整座县城。", "后山古道可登高远眺"),
            ("寺里的素斋很有名，午间对游客开放。", "寺内素斋颇有名气"),
        ),
        (("深秋银杏叶黄时游人最多。", "深秋最宜游览"), ("春季山花烂漫，寺院格外清幽。", "春季最宜游览")),
        None,
    ),
    SpotType(
        "博物馆",
        "博物馆",
        "Museum",
        "座|{theme}主题博物馆",
        ALL,
        draw_museum,
        "博物馆于{year}年建成开放，{year2}年完成扩建。",
        "The museum opened in {year} and was extended in {year2}.",
        "",
        "馆藏文物{n}余件，其中一级文物{top}件。",
        "Its collection holds more than {n:,} objects, {top} of them first-grade relics.",
        ("博物馆哪一年建成开放？", "{year}年", "In which year did the museum open?", "{year}"),
        ("馆内有多少件一级文物？", "{top}件", "How many first-grade relics does the museum hold?", "{top}"),
        (
            (
                "馆内设有{halls}个常设展厅，按时间顺序讲述当地{theme}的发展历程。",
                "讲述当地{theme}历史的常设展览",
            ),
            ("镇馆之宝是一件{treasure}，出土于{site}。", "镇馆之宝{treasure}"),
            ("建筑外观借鉴了当地传统民居的坡屋顶造型，与周围街区十分协调。", "富有地方特色的建筑"),
        ),
        (
            ("馆内提供免费讲解，每天10:00和14:30各一场。", "每天有免费讲解"),
            ("互动体验区可以亲手尝试{craft}。", "可亲手体验{craft}"),
            ("周末常有面向中小学生的研学活动。", "周末有面向中小学生的研学活动"),
        ),
        (("参观全程约需两小时，一年四季都适合前往。", "四季皆宜参观"),),
        ("特展", "special exhibition", 20, 60),
    ),
    SpotType(
        "园林",
        "园",
        "Garden",
        "座|古典园林",
        ("江苏", "浙江", "安徽", "江西", "广东", "山东", "河南"),
        draw_garden,
        "园林始建于明代{reign}年间，原为{owner}的私家园林，清代{reign2}年间重修。",
        "The garden was laid out in the {reign_en} reign of the Ming dynasty as a private retreat and rebuilt under the Qing.",
        "始建于明代的",
        "全园占地约{mu}亩，布局精巧。",
        "The garden covers about {mu} mu.",
        (
            "园林始建于什么时期？",
            "明代{reign}年间",
            "When was the garden laid out?",
            "the {reign_en} reign of the Ming dynasty",
        ),
        ("全园占地约多少亩？", "约{mu}亩", "How large is the garden?", "about {mu} mu"),
        (
            ("园内以水池为中心，亭台楼阁环池而建，回廊曲折相连。", "环池而建的亭台楼阁"),
            ("园中假山由太湖石堆叠而成，洞壑幽深，可登可游。", "太湖石假山"),
            ("园内有{windows}处漏窗，图案各不相同，移步换景。", "移步换景的漏窗"),
            ("园中遍植{flower}，花开时节香气满园。", "满园{flower}"),
        ),
        (
            ("园内茶室可以临窗品茶，欣赏戏曲清唱。", "可在茶室品茶听曲"),
            ("夜游项目将园林灯光与古琴演奏结合，别具风味。", "夜游园林别具风味"),
            ("每年{bloom}都会举办{flower}花展。", "每年{bloom}举办{flower}花展"),
        ),
        (("{bloom}{flower}盛开时最宜游览。", "{bloom}最宜游览"),),
        None,
    ),
    SpotType(
        "峡谷",
        "大峡谷",
        "Gorge",
        "处|峡谷景区",
        ("湖北", "湖南", "四川", "贵州", "云南", "重庆", "河南", "浙江", "广西"),
        draw_gorge,
        "景区于{year}年正式对外开放。",
        "The gorge opened to visitors in {year}.",
        "",
        "峡谷全长约{km}千米，最深处达{depth}米。",
        "The gorge is about {km} km long and up to {depth} metres deep.",
        ("景区哪一年正式对外开放？", "{year}年", "In which year did the gorge open to visitors?", "{year}"),
        (
            "峡谷最深处达多少米？",
            "{depth}米",
            "How deep is the gorge at its deepest point?",
            "{depth} metres",
        ),
        (
            ("两岸绝壁对峙，抬头只见一线天光。", "绝壁对峙的深谷"),
            ("谷中{fall}瀑布落差约{drop}米，水声轰鸣，十分壮观。", "落差巨大的{fall}瀑布"),
            ("谷底溪水碧绿，沿途遍布深潭和浅滩。", "碧绿的溪潭"),
            ("悬挑在崖壁上的玻璃栈道可以俯瞰整个峡谷。", "惊险的玻璃栈道"),
        ),
        (
            ("夏季可以参加峡谷漂流，全程约{raft}千米。", "夏季可体验漂流"),
            ("徒步走完全程约需{hours}小时，沿途设有多处休息点。", "适合徒步探险"),
        ),
        (
            ("夏季水量充沛，瀑布最为壮观。", "夏季最宜游览"),
            ("秋季层林尽染，峡谷色彩最丰富。", "秋季最宜游览"),
        ),
        ("漂流", "rafting", 80, 180),
    ),
    SpotType(
        "海岛",
        "岛",
        "Island",
        "处|海岛景区",
        ("浙江", "福建", "广东", "海南", "山东", "辽宁", "广西"),
        draw_island,
        "{year}年，小岛开始发展旅游业。",
        "The island opened to tourism in {year}.",
        "",
        "全岛面积约{area}平方千米，从码头乘船约{mins}分钟可达。",
        "The island covers about {area} square kilometres and is a {mins}-minute boat ride from the pier.",
        ("小岛哪一年开始发展旅游业？", "{year}年", "In which year did the island open to tourism?", "{year}"),
        (
            "从码头乘船到岛上需要多长时间？",
            "约{mins}分钟",
            "How long is the boat ride from the pier?",
            "{mins} minutes",
        ),
        (
            ("岛上有沙滩{beaches}处，其中{beach}沙质细软，长约{m}米。", "细软的沙滩"),
            ("东侧海岸礁石林立，海蚀洞、海蚀柱随处可见。", "奇特的海蚀地貌"),
            ("岛上保留着传统渔村，石头房屋依山而建。", "传统石屋渔村"),
            ("岛上最高处有一座百年灯塔，塔高约{lighthouse_h}米。", "百年灯塔"),
        ),
        (
            ("退潮时可以赶海，拾贝壳、捉小螃蟹。", "退潮时可以赶海"),
            ("渔家乐供应当天捕捞的海鲜，价格实惠。", "可品尝新鲜海鲜"),
            ("灯塔下是观看海上日出的最佳位置。", "灯塔下可观海上日出"),
        ),
        (
            ("每年6月至9月是上岛的最佳季节。", "6月至9月最宜上岛"),
            ("春末夏初海水渐暖，游人还不多，最适合上岛。", "春末夏初最宜上岛"),
        ),
        ("往返船票", "return ferry ticket", 40, 150),
    ),
    SpotType(
        "民族村寨",
        "寨",
        "Village",
        "个|{group}村寨",
        ("贵州", "湖南", "云南", "广西", "广东", "湖北", "重庆", "四川"),
        draw_village,
        "村寨已有{age}多年的历史，至今仍保留着传统的生活方式。",
        "The village is more than {age} years old and keeps its traditional way of life.",
        "",
        "寨中居住着{n}户{group}人家。",
        "{n} {group_en} households live in the village.",
        ("村寨已有多少年历史？", "{age}多年", "How old is the village?", "more than {age} years"),
        ("寨中居住着多少户人家？", "{n}户", "How many households live in the village?", "{n}"),
        (
            ("寨中的{building}依山势层层排列，错落有致。", "依山而建的{building}"),
            ("村寨四周环绕着层层梯田，春夏一片翠绿，秋天满目金黄。", "环绕村寨的梯田"),
            ("一条清澈的小溪穿寨而过，溪边水车吱呀转动。", "穿寨而过的溪流"),
        ),
        (
            ("每逢{festival}，村民们会穿上盛装，表演{show}。", "{festival}期间可欣赏{show}"),
            ("游客可以在村民家中品尝长桌宴。", "可品尝长桌宴"),
            ("寨中的老人会教游客{craft}。", "可学习{craft}"),
        ),
        (
            ("节庆期间前往，最能感受浓郁的民族风情。", "节庆期间最宜前往"),
            ("秋季稻谷成熟时，梯田景色最美。", "秋季最宜游览"),
        ),
        None,
    ),
    SpotType(
        "石窟",
        "石窟",
        "Grottoes",
        "处|石窟艺术遗址",
        ("甘肃", "山西", "河南", "四川", "宁夏", "重庆", "陕西", "河北"),
        draw_grotto,
        "石窟开凿于{era}，此后{later}等朝代陆续续凿。",
        "Carving began in the {era_en} and continued in later dynasties.",
        "开凿于{era}的",
        "现存洞窟{caves}个，各类造像{statues}余尊。",
        "There are {caves} surviving caves with more than {statues:,} statues.",
        ("石窟开凿于哪个朝代？", "{era}", "In which dynasty did the carving begin?", "{era_en}"),
        ("现存洞窟有多少个？", "{caves}个", "How many caves survive?", "{caves}"),
        (
            ("洞窟开凿在临河的砂岩崖壁上，绵延约{m}米。", "临河崖壁上绵延的洞窟"),
            ("最大的一尊佛像高约{h}米，面容慈祥。", "高大的主尊佛像"),
            ("部分洞窟内仍保留着彩绘壁画，色彩鲜艳。", "保存较好的彩绘壁画"),
        ),
        (
            ("数字展示中心可以通过高清影像欣赏不对外开放的洞窟。", "可在数字展示中心欣赏未开放洞窟"),
            ("讲解员会详细介绍不同时期造像风格的变化。", "讲解员会介绍造像风格的演变"),
        ),
        (("春秋两季气候适宜，最适合参观。", "春秋两季最宜参观"),),
        ("特窟参观", "special cave visit", 50, 200),
    ),
    SpotType(
        "森林公园",
        "国家森林公园",
        "National Forest Park",
        "座|国家森林公园",
        FORESTED,
        draw_forest,
        "{year}年，这里被批准为国家森林公园。",
        "It became a national forest park in {year}.",
        "",
        "公园森林覆盖率达{pct}%。",
        "Forest covers {pct}% of the park.",
        (
            "公园哪一年被批准为国家森林公园？",
            "{year}年",
            "In which year did it become a national forest park?",
            "{year}",
        ),
        ("公园的森林覆盖率是多少？", "{pct}%", "What share of the park is covered by forest?", "{pct}%"),
        (
            ("园内生长着{tree}等珍稀树种，林木茂密。", "{tree}等珍稀树种"),
            ("园内空气清新，负氧离子含量高，被称为“天然氧吧”。", "天然氧吧"),
            ("一条长约{km}千米的木栈道穿林而过。", "穿林而过的木栈道"),
            ("林间散布着{lakes}个湖泊，四季景色各异。", "林间湖泊"),
        ),
        (
            ("园内设有露营地，夏夜可以搭帐篷看星空。", "可露营观星"),
            ("林间步道适合亲子徒步，沿途设有自然科普牌。", "适合亲子自然教育"),
        ),
        (
            ("秋季彩叶满山，景色最为绚丽。", "秋季最宜游览"),
            ("盛夏林中格外凉爽，是避暑的好地方。", "盛夏适合避暑"),
        ),
        ("观光车", "shuttle bus", 20, 50),
    ),
    SpotType(
        "草原",
        "草原",
        "Grassland",
        "处|高原草原景区",
        ("内蒙古", "新疆", "青海", "甘肃", "四川", "河北"),
        draw_grassland,
        "{year}年，景区被评为国家4A级旅游景区。",
        "It was rated a national 4A tourist attraction in {year}.",
        "",
        "草原面积约{area}平方千米，平均海拔{alt}米。",
        "The grassland covers about {area:,} square kilometres at an average altitude of {alt:,} metres.",
        (
            "景区哪一年被评为国家4A级旅游景区？",
            "{year}年",
            "In which year was it rated a national 4A attraction?",
            "{year}",
        ),
        (
            "草原的平均海拔是多少米？",
            "{alt}米",
            "What is the average altitude of the grassland?",
            "{alt:,} metres",
        ),
        (
            ("{river}在草原上蜿蜒流淌，形成“九曲十八弯”的景观。", "蜿蜒的{river}"),
            ("每到夏季，各色野花开满草场。", "夏季遍地野花"),
            ("牧民的毡房点缀在草原上，牛羊成群。", "牧民毡房与成群牛羊"),
        ),
        (
            ("游客可以骑马、射箭，体验牧民的生活。", "可骑马射箭、体验牧民生活"),
            ("每年{month}都会举办赛马节。", "每年{month}举办赛马节"),
            ("晚上可以住在毡房里看星空。", "可夜宿毡房看星空"),
        ),
        (("每年6月至8月草原最绿，是最佳游览季节。", "6月至8月最宜游览"),),
        ("骑马体验", "horse ride", 100, 300),
    ),
]
TYPE_BY_KEY = {t.key: t for t in TYPES}

REIGN_EN = {
    "贞观": "Zhenguan", "开元": "Kaiyuan", "太平兴国": "Taiping Xingguo", "熙宁": "Xining", "洪武": "Hongwu",
    "大业": "Daye", "嘉靖": "Jiajing", "万历": "Wanli", "正德": "Zhengde", "弘治": "Hongzhi",
}  # fmt: skip
PEAK_EN = {
    "天柱": "Tianzhu",
    "莲花": "Lotus",
    "玉女": "Yunü",
    "仙人": "Xianren",
    "望海": "Wanghai",
    "紫霄": "Zixiao",
    "狮子": "Lion",
    "摩天": "Motian",
}


# ---------------------------------------------------------------- spots


@dataclass
class Spot:
    type: SpotType
    name: str
    name_en: str
    province: str
    county: str
    county_en: str
    direction: tuple[str, str]
    distance_km: int
    facts: dict = field(default_factory=dict)

    @property
    def region(self) -> str:
        return PROVINCES[self.province][1]

    @property
    def province_full(self) -> str:
        return self.province + PROVINCE_SUFFIX.get(self.province, "省")

    @property
    def province_en(self) -> str:
        return PROVINCES[self.province][0]

    def fill(self, template: str) -> str:
        return template.format(**self.facts)


class Names:
    """Unique fictional names across both tasks."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def new_spot(self, rng: random.Random, spot_type: SpotType) -> Spot:
        while True:
            prefix, prefix_en = rng.choice(PREFIXES)
            name = prefix + spot_type.suffix
            if name not in self.used:
                break
        self.used.add(name)
        province = rng.choice(spot_type.provinces)
        county, county_en = rng.choice(COUNTIES)
        facts = spot_type.draw(rng, province) if spot_type.key == "民族村寨" else spot_type.draw(rng)
        facts = {**facts, "name": name}
        # English forms of the facts that need them
        if "era" in facts:
            facts["era_en"] = DYNASTY_EN[facts["era"]]
        if "reign" in facts:
            facts["reign_en"] = REIGN_EN[facts["reign"]]
        if "peak" in facts:
            facts["peak_en"] = PEAK_EN[facts["peak"]]
        if "group" in facts:
            facts["group_en"] = ETHNIC_EN[facts["group"]]
        if spot_type.key == "海岛":
            facts["lighthouse_h"] = rng.randrange(12, 30)
        if spot_type.key == "博物馆":
            name = f"{prefix}{facts['theme']}博物馆"
            self.used.add(name)
            facts["name"] = name
        name_en = f"{prefix_en} {spot_type.suffix_en}"
        if spot_type.key == "博物馆":
            theme_en = {
                "陶瓷": "Ceramics",
                "茶文化": "Tea Culture",
                "民俗": "Folk Customs",
                "丝绸": "Silk",
                "农耕": "Farming Culture",
                "青铜": "Bronze",
            }
            name_en = f"{prefix_en} {theme_en[facts['theme']]} Museum"
        return Spot(
            spot_type,
            facts["name"],
            name_en,
            province,
            county,
            county_en,
            rng.choice(DIRECTIONS),
            rng.randrange(5, 80),
            facts,
        )


# ---------------------------------------------------------------- attraction QA


@dataclass
class Visit:
    """The practical facts of one spot's visitor card."""

    peak: tuple[str, str]  # (from, to) months as Chinese text
    peak_en: str
    off_months: list[int]
    peak_hours: tuple[str, str]
    off_hours: tuple[str, str] | None
    entry_rule: str  # "explicit" or "before_close"
    last_entry: str
    closed_monday: bool
    price: int  # 0: free with reservation
    extra_price: int | None
    bus: int
    policy: Policy
    platform: str  # the WeChat account for reservations
    platform_en: str


def _minus_hour(t: str) -> str:
    h, m = (int(x) for x in t.split(":"))
    return f"{h - 1}:{m:02d}"


def draw_visit(rng: random.Random, spot: Spot) -> Visit:
    museum = spot.type.key == "博物馆"
    if rng.random() < 0.5:
        peak, peak_en, off = ("4月1日", "10月31日"), "April to October", [11, 12, 1, 2, 3]
    else:
        peak, peak_en, off = ("3月1日", "11月30日"), "March to November", [12, 1, 2]
    if museum:
        peak_hours, off_hours = (rng.choice(["9:00", "9:30"]), rng.choice(["17:00", "17:30"])), None
    else:
        peak_hours = (rng.choice(["7:30", "8:00", "8:30"]), rng.choice(["17:30", "18:00", "18:30"]))
        off_hours = (rng.choice(["8:00", "8:30", "9:00"]), rng.choice(["17:00", "17:30"]))
    entry_rule = rng.choice(["explicit", "before_close"])
    last_entry = _minus_hour(peak_hours[1])
    price = (
        0 if museum else rng.randrange(30, 161, 10) if spot.type.key != "寺庙" else rng.randrange(10, 61, 10)
    )
    extra = spot.type.extra
    extra_price = rng.randrange(extra[2], extra[3] + 1, 10) if extra else None
    own_account = rng.random() < 0.6
    return Visit(
        peak, peak_en, off, peak_hours, off_hours, entry_rule, last_entry, museum, price, extra_price,
        rng.randrange(2, 60),
        rng.choice(POLICIES),
        spot.name if own_account else f"{spot.county[:-1]}文旅",
        spot.name_en if own_account else f"{spot.county_en} Tourism",
    )  # fmt: skip


@dataclass(frozen=True)
class Policy:
    """A ticket-discount policy: who pays half, who is free, and how the card states it."""

    senior_half: tuple[int, int]  # ages paying half, inclusive
    senior_free: int  # from this age on, free
    child_free: tuple[str, str]  # a free child as a question describes one (Chinese, English)
    zh: str
    en: str


POLICIES = [
    Policy(
        (60, 64), 65, ("{age}岁的孩子", "a {age}-year-old child"),
        "60至64周岁老人、全日制在校学生（本科及以下）凭有效证件享受半价优惠；"
        "65周岁及以上老人、6周岁以下或身高1.2米以下儿童、现役军人、残疾人凭有效证件免票。",
        "Half price for visitors aged 60 to 64 and for full-time students (up to undergraduate) with valid ID. "
        "Free for visitors aged 65 and over, children under 6 or under 1.2 m, active-duty military and people with disabilities.",
    ),
    Policy(
        (0, -1), 60, ("{age}岁的孩子", "a {age}-year-old child"),
        "60周岁及以上老人、6周岁以下儿童免票；6至18周岁未成年人、全日制大学本科及以下在校学生凭有效证件半价。",
        "Free for visitors aged 60 and over and for children under 6. "
        "Half price for young people aged 6 to 18 and for full-time students (up to undergraduate) with valid ID.",
    ),
    Policy(
        (60, 69), 70, ("身高1.3米的孩子", "a child 1.3 m tall"),
        "70周岁及以上老人免票，60至69周岁老人半价；学生凭学生证享受半价；身高1.4米以下儿童免票。",
        "Free for visitors aged 70 and over; half price for visitors aged 60 to 69 and for students with a student card. "
        "Free for children under 1.4 m.",
    ),
]  # fmt: skip


def card_zh(spot: Spot, v: Visit) -> str:
    t = spot.type
    about = f"{spot.name}位于{spot.province_full}{spot.county}。" + spot.fill(t.history) + spot.fill(t.number)
    if v.closed_monday:
        hours = (
            f"{v.peak_hours[0]}-{v.peak_hours[1]}（{v.last_entry}停止入馆），每周一闭馆（法定节假日除外）。"
        )
    else:
        entry = f"{v.last_entry}停止入园" if v.entry_rule == "explicit" else "闭园前1小时停止入园"
        off = v.off_hours
        hours = (
            f"旺季（{v.peak[0]}至{v.peak[1]}）{v.peak_hours[0]}-{v.peak_hours[1]}，"
            f"淡季（其余月份）{off[0]}-{off[1]}；旺季{entry}。"
        )
    tickets = f"成人票{v.price}元/人。{v.policy.zh}" if v.price else "免费开放，需提前一天实名预约。"
    if v.extra_price and t.extra:
        if v.price:
            tickets += f"{t.extra[0]}{v.extra_price}元/人（不含在门票内）。"
        else:
            tickets += f"{t.extra[0]}另行收费，{v.extra_price}元/人。"
    transport = (
        f"{'博物馆' if v.closed_monday else '景区'}位于{spot.county}{spot.direction[0]}部，距县城约{spot.distance_km}千米，"
        f"可在县城汽车站乘坐{v.bus}路公交车到“{spot.name}站”下车。"
    )
    tips = f"节假日游客较多，请提前通过“{v.platform}”微信公众号购票或预约。"
    return (
        f"{spot.name}游览须知\n【简介】{about}\n【开放时间】{hours}\n【门票】{tickets}\n"
        f"【交通】{transport}\n【温馨提示】{tips}"
    )


def card_en(spot: Spot, v: Visit) -> str:
    t = spot.type
    about = (
        f"{spot.name_en} is in {spot.county_en} County, {spot.province_en}. "
        f"{spot.fill(t.history_en)} {spot.fill(t.number_en)}"
    )
    if v.closed_monday:
        hours = f"{v.peak_hours[0]}-{v.peak_hours[1]} (last entry {v.last_entry}). Closed on Mondays except public holidays."
    else:
        entry = (
            f"last entry {v.last_entry}"
            if v.entry_rule == "explicit"
            else "last entry one hour before closing"
        )
        off = v.off_hours
        hours = (
            f"Peak season ({v.peak_en}): {v.peak_hours[0]}-{v.peak_hours[1]}, {entry}. "
            f"Off season (other months): {off[0]}-{off[1]}."
        )
    tickets = (
        f"Adults {v.price} yuan. {v.policy.en}"
        if v.price
        else "Free admission; book online with your real name one day ahead."
    )
    if v.extra_price and t.extra:
        note = ", not included in the ticket" if v.price else ""
        tickets += f" {t.extra[1].capitalize()}: {v.extra_price} yuan per person{note}."
    transport = (
        f"About {spot.distance_km} km {spot.direction[1]} of the county town. "
        f"Take bus No. {v.bus} from the county bus station to the {spot.name_en} stop."
    )
    tips = (
        f"Crowded on public holidays: buy tickets or book in advance on the “{v.platform_en}” WeChat account."
    )
    return (
        f"{spot.name_en}: Visitor Information\nAbout: {about}\nOpening hours: {hours}\n"
        f"Tickets: {tickets}\nGetting there: {transport}\nTips: {tips}"
    )


MONTH_EN = [
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def qa_questions(rng: random.Random, spot: Spot, v: Visit, lang: str) -> list[tuple[str, str, str, str]]:
    """Every question the card answers: (question, answer, question_type, difficulty)."""
    t, en = spot.type, lang == "en"
    out = []
    qh, ah, qh_en, ah_en = t.q_history
    out.append((qh_en, spot.fill(ah_en), "历史", "easy") if en else (qh, spot.fill(ah), "历史", "easy"))
    qn, an, qn_en, an_en = t.q_number
    out.append(
        (qn_en, spot.fill(an_en), "景点特色", "easy") if en else (qn, spot.fill(an), "景点特色", "easy")
    )
    if en:
        out += [
            ("How far is the site from the county town?", f"about {spot.distance_km} km", "交通", "easy"),
            ("Which bus goes to the site from the county bus station?", f"bus No. {v.bus}", "交通", "easy"),
            (f"Which county is {spot.name_en} in?", f"{spot.county_en} County", "位置", "easy"),
        ]
    else:
        out += [
            ("景区距离县城大约多远？", f"约{spot.distance_km}千米", "交通", "easy"),
            ("从县城汽车站乘坐几路公交车可以到达？", f"{v.bus}路", "交通", "easy"),
            (f"{spot.name}位于哪个县？", spot.county, "位置", "easy"),
        ]
    if v.closed_monday:
        out.append(
            ("Which day of the week is the museum closed?", "Monday", "开放时间", "easy")
            if en
            else ("博物馆每周哪天闭馆？", "每周一", "开放时间", "easy")
        )
        out.append(
            ("What time is the last entry?", v.last_entry, "开放时间", "easy")
            if en
            else ("几点停止入馆？", v.last_entry, "开放时间", "easy")
        )
    else:
        month = rng.choice(v.off_months)
        hours = f"{v.peak_hours[0]}-{v.peak_hours[1]}"
        if en:
            out += [
                ("What are the opening hours in peak season?", hours, "开放时间", "easy"),
                (
                    f"If I visit in {MONTH_EN[month]}, what time does the site close?",
                    v.off_hours[1],
                    "开放时间",
                    "medium",
                ),
                (
                    "In peak season, what is the latest time I can enter?",
                    v.last_entry,
                    "开放时间",
                    "easy" if v.entry_rule == "explicit" else "medium",
                ),
            ]
        else:
            out += [
                ("旺季的开放时间是几点到几点？", hours, "开放时间", "easy"),
                (f"{month}月份去游览，景区几点关门？", v.off_hours[1], "开放时间", "medium"),
                (
                    "旺季最晚几点之前可以入园？",
                    v.last_entry,
                    "开放时间",
                    "easy" if v.entry_rule == "explicit" else "medium",
                ),
            ]
    if v.price:
        p = v.price
        policy = v.policy
        age_free = rng.randrange(policy.senior_free, 80)
        child_zh, child_en = (x.format(age=rng.randrange(2, 6)) for x in policy.child_free)
        if en:
            out += [
                ("How much is an adult ticket?", f"{p} yuan", "门票", "easy"),
                (
                    "How much does a university student with a student card pay?",
                    f"{p // 2} yuan",
                    "门票",
                    "medium",
                ),
                (f"How much does a {age_free}-year-old visitor pay for a ticket?", "free", "门票", "medium"),
                (
                    f"What is the total ticket cost for two adults and {child_en}?",
                    f"{2 * p} yuan",
                    "门票",
                    "hard",
                ),
                (
                    "What is the total ticket cost for two adults and a middle-school student with a student card?",
                    f"{2 * p + p // 2} yuan",
                    "门票",
                    "hard",
                ),
            ]
        else:
            out += [
                ("成人门票多少钱？", f"{p}元", "门票", "easy"),
                ("一名大学生凭学生证购票需要多少钱？", f"{p // 2}元", "门票", "medium"),
                (f"一位{age_free}岁的老人门票多少钱？", "免票", "门票", "medium"),
                (f"两名成人带一名{child_zh}游览，门票一共多少元？", f"{2 * p}元", "门票", "hard"),
                (
                    "两名成人和一名持学生证的初中生一起游览，门票一共多少元？",
                    f"{2 * p + p // 2}元",
                    "门票",
                    "hard",
                ),
            ]
        if policy.senior_half[1] >= policy.senior_half[0]:
            age_half = rng.randrange(policy.senior_half[0], policy.senior_half[1] + 1)
            out.append(
                (
                    f"How much does a {age_half}-year-old visitor pay for a ticket?",
                    f"{p // 2} yuan",
                    "门票",
                    "medium",
                )
                if en
                else (f"一位{age_half}岁的游客购票需要多少钱？", f"{p // 2}元", "门票", "medium")
            )
    else:
        out.append(
            ("How much is admission?", "free, with a real-name booking one day ahead", "门票", "easy")
            if en
            else ("参观博物馆需要多少钱？", "免费开放，需提前一天实名预约", "门票", "easy")
        )
    if v.extra_price and t.extra:
        if en:
            out.append((f"How much is the {t.extra[1]}?", f"{v.extra_price} yuan", "门票", "easy"))
            if v.price:
                out.append(
                    (
                        f"How much does one adult pay in total for a ticket and the {t.extra[1]}?",
                        f"{v.price + v.extra_price} yuan",
                        "门票",
                        "hard",
                    )
                )
        else:
            out.append((f"{t.extra[0]}的价格是多少？", f"{v.extra_price}元", "门票", "easy"))
            if v.price:
                out.append(
                    (
                        f"一名成人买门票再加{t.extra[0]}，一共要花多少元？",
                        f"{v.price + v.extra_price}元",
                        "门票",
                        "hard",
                    )
                )
    out.append(
        (
            "Where can visitors buy tickets or book in advance?",
            f"the “{v.platform_en}” WeChat account",
            "预约",
            "easy",
        )
        if en
        else ("可以通过什么渠道提前购票或预约？", f"“{v.platform}”微信公众号", "预约", "easy")
    )
    return out


# a question type is drawn by weight, then a difficulty among those the type offers on this
# card (hard ones need arithmetic on ticket prices), then a question
QA_TYPES = ["开放时间", "门票", "交通", "位置", "历史", "景点特色", "预约"]
QA_TYPE_WEIGHTS = [25, 35, 10, 5, 10, 10, 5]
LEVEL_WEIGHTS = {"easy": 1.0, "medium": 1.5, "hard": 2.0}


def qa_rows(rng: random.Random, names: Names) -> list[dict]:
    total = QA_DEV + QA_TEST
    n_en = round(total * QA_EN_SHARE)
    langs = ["en"] * n_en + ["zh"] * (total - n_en)
    rng.shuffle(langs)
    rows = []
    for i, lang in enumerate(langs):
        spot_type = TYPES[i % len(TYPES)]
        spot = names.new_spot(rng, spot_type)
        visit = draw_visit(rng, spot)
        context = card_en(spot, visit) if lang == "en" else card_zh(spot, visit)
        questions = qa_questions(rng, spot, visit, lang)
        qtype = rng.choices(QA_TYPES, QA_TYPE_WEIGHTS)[0]
        of_type = [q for q in questions if q[2] == qtype]
        levels = sorted({q[3] for q in of_type})
        level = rng.choices(levels, [LEVEL_WEIGHTS[x] for x in levels])[0]
        question, answer, qtype, difficulty = rng.choice([q for q in of_type if q[3] == level])
        rows.append(
            {
                "context": context,
                "question": question,
                "answer": answer,
                "region": spot.region,
                "spot_type": spot.type.key,
                "question_type": qtype,
                "difficulty": difficulty,
                "language": lang,
            }
        )
    rng.shuffle(rows)
    return [
        {"id": f"qa-{i + 1:04d}", "split": "dev" if i < QA_DEV else "test", **row}
        for i, row in enumerate(rows)
    ]


# ---------------------------------------------------------------- scenic summary


INTROS = [
    "{name}位于{province}{county}{dir}部，距县城约{km}千米。",
    "{name}坐落在{province}{county}境内，是当地知名的游览胜地。",
    "在{province}{county}{dir}部，有一处远近闻名的景点——{name}。",
]
# details a good summary leaves out: local lore and practical notes
STORIES = {
    "古镇": [
        "清代一位诗人途经此地，留下了“一溪春水绕人家”的诗句。",
        "镇上至今仍有老手艺人坚持制作竹编、油纸伞等传统手工艺品。",
        "老街上的百年茶馆每天清晨都坐满了喝早茶的本地老人。",
    ],
    "山岳": [
        "相传古时有仙人在{peak}峰修炼，山峰由此得名。",
        "山中还保留着一段明代修筑的石阶古道。",
        "山脚下的村庄盛产高山云雾茶。",
    ],
    "湖泊湿地": [
        "相传湖底沉睡着一座古城，当地至今流传着许多与之有关的故事。",
        "湖畔的村民世代以捕鱼为生，至今仍保留着鸬鹚捕鱼的传统技艺。",
        "每到春天，湖区周边的农田便开满金黄的油菜花。",
    ],
    "寺庙": [
        "相传一位高僧在此讲经时，有祥云停驻山头，寺名由此而来。",
        "寺中的藏经楼珍藏着明代刻本佛经数百卷。",
        "每年农历四月初八，寺内都会举行浴佛法会。",
    ],
    "博物馆": [
        "博物馆所在地原为一座清代书院，部分老建筑被保留下来用作展厅。",
        "馆内的文物修复室通过玻璃窗对观众开放，可以看到修复师工作的场景。",
        "馆里还设有一间儿童探索室，适合全家一起参观。",
    ],
    "园林": [
        "据记载，园主当年遍请名匠，历时十余年才完成营造。",
        "园中一副楹联出自清代书法家之手，常有游客驻足品读。",
        "园中一山一水、一亭一榭都经过精心推敲，在方寸之间再现山水意境。",
    ],
    "峡谷": [
        "峡谷中生活着猕猴、红腹锦鸡等多种野生动物。",
        "相传古代商旅曾借道峡谷往来，谷中至今留有古栈道遗迹。",
        "盛夏时节，谷内气温比县城低五六度。",
    ],
    "海岛": [
        "岛上居民世代以渔业为生，至今保留着祭海等传统习俗。",
        "小岛周边海域水质清澈，能见度较高。",
        "每年夏天，岛上还会举办海鲜美食节。",
    ],
    "民族村寨": [
        "寨子里至今通行本民族语言，老人们会用古歌讲述祖先迁徙的故事。",
        "村民们仍保留着互相帮工建房的传统。",
        "寨口的几棵古树被村民视为护寨树，已有数百年树龄。",
    ],
    "石窟": [
        "石窟曾因战乱一度荒废，直到上世纪五十年代才重新得到系统调查。",
        "不同时期造像的服饰和面容，体现了审美风尚的变化。",
        "洞窟前残存的栈道孔洞，是当年工匠开凿时留下的。",
    ],
    "森林公园": [
        "公园前身是一处国营林场，后来逐步转型为生态旅游区。",
        "园内还栖息着白鹇、松鼠等多种野生动物。",
        "公园的自然教育中心定期举办观鸟和植物认知活动。",
    ],
    "草原": [
        "当地牧民热情好客，常用奶茶招待远方的客人。",
        "这里日照充足，夜晚的星空格外明亮。",
        "每年秋季转场时，成群的牛羊向冬季牧场迁徙，场面壮观。",
    ],
}
FILLERS = [
    "景区入口处设有游客服务中心，提供行李寄存、轮椅租借等服务。",
    "近年来，景区周边陆续开设了多家特色民宿和农家餐馆。",
    "景区内标识系统完善，主要路段均设有休息座椅和公共卫生间。",
    "景区实行实名预约，节假日建议错峰出行。",
    "从县城出发，自驾或乘坐旅游专线车都很方便。",
    "景区还推出了线上讲解服务，扫描二维码即可收听。",
    "为保护生态环境，景区内禁止吸烟和使用明火。",
    "建议游客穿着舒适的鞋子，并随身携带饮用水。",
]
LENGTHS = {"short": (150, 229), "medium": (230, 309), "long": (310, 400)}


def summary_row(rng: random.Random, spot: Spot, length: str) -> dict:
    t = spot.type
    low, high = LENGTHS[length]
    more = {"short": 0, "medium": 1, "long": 2}[length]  # longer targets draw more sentences
    while True:
        features = rng.sample(t.features, min(len(t.features), 2 + rng.randrange(more + 1)))
        highlights = rng.sample(t.highlights, min(len(t.highlights), 1 + rng.randrange(more + 1)))
        stories = rng.sample(STORIES[t.key], rng.randrange(more + 2))
        season = rng.choice(t.seasons)
        fillers = rng.sample(FILLERS, rng.randrange(more + 2))
        intro = rng.choice(INTROS).format(
            name=spot.name,
            province=spot.province_full,
            county=spot.county,
            dir=spot.direction[0],
            km=spot.distance_km,
        )
        body = [
            spot.fill(t.history),
            *[spot.fill(s) for s in stories[:1]],
            *[spot.fill(f[0]) for f in features],
        ]
        if rng.random() < 0.6:
            body.insert(1, spot.fill(t.number))
        # what to see, what to do, lore, when to come, then practical notes: the order a guide reads in
        tail = [
            *[spot.fill(h[0]) for h in highlights],
            *[spot.fill(s) for s in stories[1:]],
            spot.fill(season[0]),
        ]
        text = intro + "".join(body) + "".join(tail) + "".join(fillers)
        if low <= len(text) <= high:
            break
    measure, kind = spot.fill(t.type_word).split("|")
    adj = spot.fill(t.history_adj)
    summary = (
        f"{spot.name}位于{spot.province_full}{spot.county}，是一{measure}{adj}{kind}，"
        f"以{spot.fill(features[0][1])}和{spot.fill(features[1][1])}著称，"
        f"{spot.fill(highlights[0][1])}，{spot.fill(season[1])}。"
    )
    return {
        "description": text,
        "summary": summary,
        "region": spot.region,
        "spot_type": t.key,
        "length": length,
    }


def summary_rows(rng: random.Random, names: Names) -> list[dict]:
    lengths = list(LENGTHS)
    rows = [
        summary_row(rng, names.new_spot(rng, TYPES[i % len(TYPES)]), lengths[i % len(lengths)])
        for i in range(SUM_DEV + SUM_TEST)
    ]
    rng.shuffle(rows)
    return [
        {"id": f"sum-{i + 1:03d}", "split": "dev" if i < SUM_DEV else "test", **row}
        for i, row in enumerate(rows)
    ]


# ---------------------------------------------------------------- main


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> None:
    names = Names()
    write_jsonl(DATA / "attraction_qa.jsonl", qa_rows(random.Random(SEED), names))
    write_jsonl(DATA / "scenic_summary.jsonl", summary_rows(random.Random(SEED + 1), names))


if __name__ == "__main__":
    main()
