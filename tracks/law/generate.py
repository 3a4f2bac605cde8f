"""Generate the law track's datasets (deterministic, standard library only).

    python tracks/law/generate.py

Writes data/charge_prediction.jsonl (one file, `split` column): case facts in the style
of a criminal judgment's 经审理查明 paragraph, each built by a modus-operandi template of one
charge with random people, places, dates, amounts and case-handling details; and
data/statute_qa_dev.jsonl + data/statute_qa_test.jsonl: hand-written questions whose answer
cites one article of a current Chinese law and states its rule in our own words.
All people, places and cases are fictional.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
SEED = 1979

CHARGES = [
    "盗窃罪",
    "诈骗罪",
    "抢劫罪",
    "敲诈勒索罪",
    "职务侵占罪",
    "贪污罪",
    "受贿罪",
    "故意伤害罪",
    "非法拘禁罪",
    "寻衅滋事罪",
    "危险驾驶罪",
    "交通肇事罪",
]
CATEGORY = {
    "盗窃罪": "侵犯财产罪",
    "诈骗罪": "侵犯财产罪",
    "抢劫罪": "侵犯财产罪",
    "敲诈勒索罪": "侵犯财产罪",
    "职务侵占罪": "侵犯财产罪",
    "贪污罪": "贪污贿赂罪",
    "受贿罪": "贪污贿赂罪",
    "故意伤害罪": "侵犯公民人身权利罪",
    "非法拘禁罪": "侵犯公民人身权利罪",
    "寻衅滋事罪": "妨害社会管理秩序罪",
    "危险驾驶罪": "危害公共安全罪",
    "交通肇事罪": "危害公共安全罪",
}
CHARGE_PER_SPLIT = {"dev": 7, "test": 15}

# ---------------------------------------------------------------- vocabulary (all fictional)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
CITIES = ["临江市", "云州市", "青川市", "安平市", "河阳市", "南屏市", "清源市", "北湖市"]
DISTRICTS = [
    "江北区",
    "城南区",
    "新华区",
    "开发区",
    "东城区",
    "西湖区",
    "高新区",
    "滨河区",
    "永宁县",
    "桃源县",
]
COMMUNITIES = [
    "阳光花园",
    "锦绣家园",
    "翠湖小区",
    "幸福里",
    "金桂苑",
    "和平新村",
    "紫荆公寓",
    "滨江名苑",
    "书香苑",
]
ROADS = [
    "人民路",
    "解放大道",
    "建设北路",
    "滨河路",
    "中山大道",
    "迎宾路",
    "工业大道",
    "环城东路",
    "府前街",
    "长江路",
]
VILLAGES = ["石桥村", "杨柳村", "河口村", "新丰村", "大王庄村", "柳树湾村", "东岗村"]


class Case:
    """Random particulars of one case: people, places, dates, money."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        names = rng.sample(SURNAMES, 5)
        self.d, self.d2, self.d3 = (self.person(n) for n in names[:3])
        self.v, self.v2 = (self.person(n) for n in names[3:])
        self.city = rng.choice(CITIES)
        self.district = rng.choice(DISTRICTS)
        self.community = rng.choice(COMMUNITIES)
        self.road = rng.choice(ROADS)
        self.road2 = rng.choice([r for r in ROADS if r != self.road])
        self.village = rng.choice(VILLAGES)
        self.year = rng.randint(2018, 2023)
        self.month = rng.randint(1, 12)
        self.day = rng.randint(1, 28)

    def person(self, surname: str) -> str:
        return surname + self.rng.choice(("某", "某", "某", "某某"))

    def pick(self, options: list[str] | tuple[str, ...]) -> str:
        return self.rng.choice(options)

    def n(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def money(self, low: int, high: int, step: int = 1) -> str:
        value = self.rng.randint(low // step, high // step) * step
        return f"{value}" if value < 100000 or self.rng.random() < 0.5 else f"{value / 10000:g}万"

    @property
    def date(self) -> str:
        return f"{self.year}年{self.month}月{self.day}日"

    @property
    def when(self) -> str:
        hour = self.pick(
            ("凌晨2时许", "凌晨4时许", "9时许", "14时许", "17时许", "20时许", "21时许", "23时许")
        )
        return f"{self.date}{hour}"

    @property
    def span(self) -> str:
        """A period of months ending in the case year."""
        start = self.rng.randint(1, 6)
        return f"{self.year}年{start}月至{self.year}年{self.rng.randint(start + 2, 12)}月间"

    @property
    def years_span(self) -> str:
        start = self.year - self.rng.randint(2, 5)
        return f"{start}年至{self.year}年间"

    @property
    def place(self) -> str:
        return f"{self.city}{self.district}"

    def bac(self, low: int = 85, high: int = 240) -> str:
        return f"{self.rng.randint(low, high)}.{self.rng.randint(0, 9)}"


# ---------------------------------------------------------------- charge templates

Template = Callable[[Case], str]
TEMPLATES: dict[str, list[tuple[str, str, Template]]] = {
    c: [] for c in CHARGES
}  # charge -> (difficulty, ending, fn)


def template(
    charge: str, difficulty: str = "easy", ending: str = "property"
) -> Callable[[Template], Template]:
    def register(fn: Template) -> Template:
        TEMPLATES[charge].append((difficulty, ending, fn))
        return fn

    return register


# --- 盗窃罪


@template("盗窃罪")
def theft_home(c: Case) -> str:
    entry = c.pick(("用随身携带的螺丝刀撬开防盗门锁", "从未关闭的厨房窗户攀爬", "用事先准备的插片打开房门"))
    items = c.pick(
        (
            f"现金人民币{c.money(2000, 9000, 100)}元及金项链一条",
            "笔记本电脑一台、手机两部",
            "黄金首饰若干及一块手表",
            "高档白酒六瓶、香烟十条",
        )
    )
    return (
        f"{c.when}，被告人{c.d}窜至{c.place}{c.community}{c.n(1, 30)}栋，趁被害人{c.v}家中无人之机，"
        f"{entry}进入室内，窃取{items}。经{c.district}价格认证中心认定，被盗物品共计价值人民币{c.money(5000, 60000, 10)}元。"
    )


@template("盗窃罪", "easy", "caught")
def theft_pickpocket(c: Case) -> str:
    where = c.pick((f"{c.n(2, 99)}路公交车上", "地铁二号线车厢内", f"{c.road}农贸市场内"))
    return (
        f"{c.when}，被告人{c.d}在{c.city}{where}，趁乘客{c.v}不备，用镊子从其背包内夹出手机一部，"
        f"得手后欲下车时被便衣民警当场抓获。经鉴定，该手机价值人民币{c.money(800, 6000, 10)}元。"
    )


@template("盗窃罪")
def theft_ebikes(c: Case) -> str:
    times = c.n(3, 9)
    return (
        f"{c.span}，被告人{c.d}先后{times}次在{c.place}多个小区的车棚及路边，采用剪断车锁、"
        f"直接连接电源线的方式，窃取他人停放的电动自行车共{times}辆，并以每辆二三百元的价格销赃。"
        f"经价格认定，被盗车辆共计价值人民币{c.money(6000, 25000, 10)}元。"
    )


@template("盗窃罪", "medium", "caught")
def theft_shop(c: Case) -> str:
    goods = c.pick(("进口奶粉十二罐", "电动剃须刀五个", "名牌护肤品十余件", "蓝牙耳机八副"))
    return (
        f"{c.when}，被告人{c.d}在{c.place}一家大型超市内，趁店员不注意，将货架上的{goods}"
        f"撕去防盗标签后藏于随身携带的挎包内，未结账即从出口离开，价值共计人民币{c.money(2200, 6000, 10)}元。"
        f"次日，{c.d}再次进入该超市时被保安认出，并被移交公安机关。"
    )


@template("盗窃罪", "medium")
def theft_cable(c: Case) -> str:
    return (
        f"{c.when}，被告人{c.d}伙同{c.d2}驾驶三轮车窜至{c.place}{c.road}一处在建工地，"
        f"用断线钳剪断并盗走工地配电箱连接的铜芯电缆约{c.n(60, 300)}米，后运至废品收购站变卖。"
        f"经鉴定，被盗电缆价值人民币{c.money(4000, 30000, 10)}元。"
    )


@template("盗窃罪", "hard")
def theft_phone_transfer(c: Case) -> str:
    return (
        f"{c.date}晚，被告人{c.d}到朋友{c.v}家中喝酒，趁{c.v}醉酒熟睡之机，拿起其放在桌上的手机，"
        f"利用此前偷看到的支付密码，通过微信将{c.v}绑定银行卡内的人民币{c.money(3000, 40000, 100)}元"
        f"分{c.n(2, 5)}次转入自己的账户，随后删除转账记录并将手机放回原处。"
    )


@template("盗窃罪", "hard")
def theft_employee_key(c: Case) -> str:
    return (
        f"被告人{c.d}系{c.place}一家餐馆的服务员，不负责收银和财物保管。{c.when}，{c.d}趁店内无人，"
        f"用事先偷配的钥匙打开老板{c.v}办公室的抽屉，取走其中的营业款人民币{c.money(5000, 30000, 100)}元，"
        f"次日照常上班，后被调取的监控录像证实。"
    )


# --- 诈骗罪


@template("诈骗罪")
def fraud_refund(c: Case) -> str:
    return (
        f"{c.date}，被告人{c.d}冒充某电商平台客服，打电话给被害人{c.v}，谎称其购买的商品存在质量问题可以办理"
        f"双倍退款，诱骗{c.v}下载屏幕共享软件并按提示操作，致{c.v}通过手机银行向{c.d}控制的账户转账"
        f"人民币{c.money(8000, 90000, 100)}元。"
    )


@template("诈骗罪", "medium")
def fraud_borrow(c: Case) -> str:
    return (
        f"{c.span}，被告人{c.d}在已负债累累、无力偿还的情况下，虚构其母亲住院急需手术费的事实，"
        f"先后{c.n(3, 8)}次向同乡{c.v}借款共计人民币{c.money(20000, 150000, 1000)}元。"
        f"得款后，{c.d}将钱款全部用于网络赌博和个人挥霍，随后更换手机号码并搬离住处，与{c.v}断绝联系。"
    )


@template("诈骗罪", "medium")
def fraud_romance(c: Case) -> str:
    return (
        f"{c.span}，被告人{c.d}通过交友软件结识被害人{c.v}，以“男朋友”身份与其频繁聊天，后谎称自己掌握某投资平台"
        f"的内部漏洞、稳赚不赔，诱使{c.v}在{c.d}提供的虚假平台上先后充值人民币{c.money(50000, 400000, 1000)}元。"
        f"{c.v}欲提现时被告知账户冻结，{c.d}随即将其拉黑。"
    )


@template("诈骗罪", "medium")
def fraud_fixer(c: Case) -> str:
    return (
        f"{c.date}，被告人{c.d}在明知自己没有任何相关关系和能力的情况下，谎称认识{c.city}某重点中学的领导，"
        f"能帮助被害人{c.v}之子入读该校，以“打点关系”为名，先后收取{c.v}人民币{c.money(30000, 120000, 1000)}元。"
        f"所得款项被{c.d}用于偿还个人债务，{c.v}之子最终未能入学。"
    )


@template("诈骗罪")
def fraud_secondhand(c: Case) -> str:
    item = c.pick(("二手手机", "演唱会门票", "游戏账号", "品牌包"))
    return (
        f"{c.span}，被告人{c.d}在二手交易平台上发布低价出售{item}的虚假信息，诱使买家脱离平台担保、"
        f"直接向其微信转账付款，收款后即将买家拉黑，从未发货。经查，{c.d}以此手段先后骗取{c.n(10, 40)}名被害人"
        f"共计人民币{c.money(8000, 60000, 10)}元。"
    )


@template("诈骗罪")
def fraud_police(c: Case) -> str:
    return (
        f"{c.date}，被告人{c.d}伙同他人冒充{c.city}公安局民警，给被害人{c.v}打电话，谎称其身份信息被用于洗钱，"
        f"需将存款转入“安全账户”接受审查，致{c.v}将人民币{c.money(50000, 500000, 1000)}元转入指定账户。"
        f"{c.d}在该团伙中负责取款，从中分得好处费。"
    )


@template("诈骗罪", "hard")
def fraud_elder_subsidy(c: Case) -> str:
    return (
        f"{c.date}，被告人{c.d}在{c.place}{c.community}门口，对七十余岁的被害人{c.v}谎称可以帮其在手机上"
        f"领取“高龄养老补贴”，但须先把存款转入“验证账户”证明有还款能力，领完即退。{c.v}信以为真，"
        f"自己输入密码，按{c.d}的指示将银行卡内的人民币{c.money(20000, 80000, 100)}元转入{c.d}提供的账户。"
    )


# --- 抢劫罪


@template("抢劫罪")
def robbery_street(c: Case) -> str:
    return (
        f"{c.when}，被告人{c.d}在{c.place}{c.road}一条偏僻小巷内，持水果刀拦住下班回家的被害人{c.v}，"
        f"威胁其“不想挨刀就把钱拿出来”，劫得现金人民币{c.money(300, 3000, 10)}元及手机一部"
        f"（价值人民币{c.money(1000, 6000, 10)}元），后逃离现场。"
    )


@template("抢劫罪", "medium")
def robbery_home(c: Case) -> str:
    return (
        f"{c.when}，被告人{c.d}、{c.d2}以查看燃气表为名骗开被害人{c.v}家房门，进入后用胶带将{c.v}"
        f"捆绑在椅子上并捂住其嘴巴，从卧室内劫走现金人民币{c.money(5000, 30000, 100)}元及金银首饰若干，"
        f"经鉴定首饰价值人民币{c.money(8000, 40000, 100)}元。"
    )


@template("抢劫罪")
def robbery_taxi(c: Case) -> str:
    return (
        f"{c.when}，被告人{c.d}乘坐被害人{c.v}驾驶的出租车，行至{c.district}郊外一段无人路段时，"
        f"用事先准备的匕首抵住{c.v}的颈部，逼迫其交出当天的营运款人民币{c.money(400, 1500, 10)}元和手机一部。"
    )


@template("抢劫罪", "hard", "caught")
def robbery_converted(c: Case) -> str:
    return (
        f"{c.when}，被告人{c.d}在{c.place}一家超市内，将价值人民币{c.money(300, 900, 10)}元的香烟、白酒藏入怀中，"
        f"未付款走出收银台时被保安{c.v}发现并拦下。为抗拒抓捕，{c.d}掏出随身携带的折叠刀朝{c.v}挥舞，"
        f"划伤其左前臂，后被赶来的群众制服。经鉴定，{c.v}的损伤程度为轻微伤。"
    )


@template("抢劫罪", "medium")
def robbery_transfer(c: Case) -> str:
    return (
        f"{c.when}，被告人{c.d}伙同{c.d2}将在网吧上网的被害人{c.v}叫到网吧后面的小巷，二人对{c.v}"
        f"拳打脚踢，当场逼迫其通过手机支付宝向{c.d}转账人民币{c.money(2000, 12000, 100)}元，"
        f"并抢走其身上的现金{c.n(200, 800)}元。"
    )


# --- 敲诈勒索罪


@template("敲诈勒索罪")
def extortion_affair(c: Case) -> str:
    return (
        f"{c.span}，被告人{c.d}在得知被害人{c.v}有婚外情后，以将其与情人的聊天记录和照片发给{c.v}的妻子及单位"
        f"相要挟，先后{c.n(2, 5)}次向{c.v}索要钱款，共计人民币{c.money(30000, 150000, 1000)}元。"
    )


@template("敲诈勒索罪")
def extortion_video(c: Case) -> str:
    return (
        f"{c.date}，被告人{c.d}通过社交软件添加被害人{c.v}为好友，诱使其进行视频裸聊并偷偷录屏，"
        f"随后以将视频发送给{c.v}的通讯录好友相威胁，要求其支付“删除费”，{c.v}因害怕被迫分三次"
        f"转账人民币{c.money(6000, 40000, 100)}元。"
    )


@template("敲诈勒索罪", "medium")
def extortion_restaurant(c: Case) -> str:
    return (
        f"{c.span}，被告人{c.d}多次在外卖平台点餐后，自行向饭菜中放入头发、苍蝇等异物并拍照，"
        f"随后联系商家，声称若不给钱就向市场监管部门举报并在网上发帖曝光，先后迫使{c.n(8, 25)}家餐馆"
        f"向其支付“赔偿款”共计人民币{c.money(8000, 40000, 100)}元。"
    )


@template("敲诈勒索罪", "hard")
def extortion_future_threat(c: Case) -> str:
    return (
        f"{c.date}，被告人{c.d}因{c.pick(('怀疑邻居', '记恨同村村民'))}{c.v}"
        f"{c.pick(('向村委会举报其违章搭建', '在村里传其闲话', '抢了自己的鱼塘承包生意'))}，多次打电话给{c.v}，"
        f"声称如果三天之内不送来人民币{c.money(20000, 50000, 1000)}元，就找人“在放学路上收拾”{c.v}的儿子。"
        f"{c.v}因害怕，于三天后将人民币{c.money(10000, 20000, 1000)}元送到{c.d}家中，后向公安机关报案。"
    )


@template("敲诈勒索罪", "medium")
def extortion_tax(c: Case) -> str:
    return (
        f"被告人{c.d}原系{c.place}一家建材公司的会计，离职后以掌握公司“账外账”为由，多次发短信给公司负责人"
        f"{c.v}，称若不支付人民币{c.money(100000, 500000, 10000)}元，就将相关材料交给税务机关举报。"
        f"{c.v}被迫先行支付人民币{c.money(50000, 100000, 1000)}元后报警。"
    )


# --- 职务侵占罪


@template("职务侵占罪", "medium")
def embezzle_warehouse(c: Case) -> str:
    goods = c.pick(("手机配件", "品牌白酒", "电动工具", "空调室外机铜管"))
    return (
        f"被告人{c.d}系{c.city}一家民营物流有限公司的仓库管理员。{c.span}，{c.d}利用负责货物出入库登记和保管的"
        f"职务便利，多次在夜间将仓库内的{goods}私自运出并低价变卖，事后篡改库存记录予以掩盖，"
        f"共计侵占公司财物价值人民币{c.money(60000, 400000, 100)}元。"
    )


@template("职务侵占罪", "medium")
def embezzle_cashier(c: Case) -> str:
    return (
        f"被告人{c.d}系{c.place}一家私营连锁超市的收银员。{c.span}，{c.d}利用负责收银的职务便利，"
        f"采取顾客付款后作废小票、收款不入账的方式，将收取的货款人民币{c.money(30000, 120000, 100)}元据为己有。"
    )


@template("职务侵占罪", "medium")
def embezzle_sales(c: Case) -> str:
    return (
        f"被告人{c.d}系某食品有限责任公司（民营企业）的销售业务员，负责向下游经销商催收货款。{c.span}，"
        f"{c.d}利用职务上的便利，将收取的{c.n(4, 12)}家经销商的货款共计人民币{c.money(80000, 300000, 100)}元"
        f"截留不交回公司，用于购买汽车和个人消费。"
    )


@template("职务侵占罪", "hard")
def embezzle_accountant(c: Case) -> str:
    return (
        f"被告人{c.d}系{c.city}一家民营科技有限公司的出纳。{c.years_span}，{c.d}利用保管公司资金、"
        f"办理报销付款的职务便利，伪造差旅费和采购报销单据{c.n(20, 80)}张，虚报冒领公司资金共计"
        f"人民币{c.money(200000, 900000, 100)}元，用于购买理财产品和偿还个人信用卡。"
    )


@template("职务侵占罪", "hard")
def embezzle_property_fees(c: Case) -> str:
    return (
        f"被告人{c.d}系{c.district}一家由个人投资设立的物业服务有限公司的项目经理，负责{c.community}的物业费收缴。"
        f"{c.span}，{c.d}利用职务便利，以现金收取业主物业费、停车费后不上交公司，"
        f"共计侵吞人民币{c.money(50000, 200000, 100)}元。"
    )


# --- 贪污罪


@template("贪污罪", "medium", "corruption")
def graft_finance(c: Case) -> str:
    return (
        f"被告人{c.d}系{c.district}某镇财政所会计。{c.years_span}，{c.d}利用管理镇财政资金的职务便利，"
        f"通过虚开发票、重复报销等方式，侵吞公款共计人民币{c.money(150000, 900000, 100)}元，用于购房及个人开支。"
    )


@template("贪污罪", "hard", "corruption")
def graft_village_subsidy(c: Case) -> str:
    return (
        f"被告人{c.d}系{c.district}{c.village}党支部书记。{c.span}，{c.d}在协助镇人民政府发放退耕还林补助款的过程中，"
        f"利用职务便利，虚报{c.n(8, 30)}户村民的退耕面积，冒领补助款共计人民币{c.money(60000, 300000, 100)}元，"
        f"全部据为己有。"
    )


@template("贪污罪", "medium", "corruption")
def graft_soe(c: Case) -> str:
    return (
        f"被告人{c.d}系国有独资企业{c.city}城市建设投资集团有限公司下属分公司经理。{c.span}，{c.d}利用主管分公司经营的"
        f"职务便利，将收取的场地租金人民币{c.money(200000, 1200000, 1000)}元不入公司账，而是存入其个人控制的账户并据为己有。"
    )


@template("贪污罪", "medium", "corruption")
def graft_demolition(c: Case) -> str:
    return (
        f"被告人{c.d}系{c.place}某街道办事处工作人员，负责辖区征地拆迁的丈量和补偿核算工作。{c.span}，"
        f"{c.d}伙同被拆迁户{c.v}，采取虚增房屋面积、虚构附属设施的手段，骗取国家拆迁补偿款"
        f"人民币{c.money(300000, 1500000, 1000)}元，其中{c.d}分得人民币{c.money(100000, 300000, 1000)}元。"
    )


@template("贪污罪", "easy", "corruption")
def graft_dibao(c: Case) -> str:
    return (
        f"被告人{c.d}系{c.district}民政局工作人员，负责最低生活保障金的审核和发放。{c.years_span}，{c.d}利用职务便利，"
        f"虚构{c.n(5, 20)}名低保对象，将冒领的低保金共计人民币{c.money(80000, 400000, 100)}元转入自己控制的银行卡，据为己有。"
    )


# --- 受贿罪


@template("受贿罪", "easy", "corruption")
def bribery_housing(c: Case) -> str:
    return (
        f"被告人{c.d}系{c.district}住房和城乡建设局副局长。{c.years_span}，{c.d}利用分管工程质量监督和竣工验收的职务便利，"
        f"为建筑商{c.v}承建的项目在验收、拨款等方面提供帮助，先后{c.n(5, 15)}次收受{c.v}给予的现金及购物卡，"
        f"共计折合人民币{c.money(200000, 1500000, 1000)}元。"
    )


@template("受贿罪", "medium", "corruption")
def bribery_market(c: Case) -> str:
    return (
        f"被告人{c.d}系{c.district}市场监督管理局执法科科长。{c.span}，{c.d}在查处一家食品公司的违法经营行为时，"
        f"接受该公司负责人{c.v}的请托，违规对其从轻处罚，事后收受{c.v}送给的名酒、购物卡等财物，"
        f"共计折合人民币{c.money(50000, 200000, 1000)}元。"
    )


@template("受贿罪", "medium", "corruption")
def bribery_traffic(c: Case) -> str:
    return (
        f"被告人{c.d}系{c.city}公安局交通警察支队某大队民警。{c.span}，{c.d}利用处理交通违法行为的职务便利，"
        f"为{c.n(10, 40)}名驾驶人违规消除违法记录、减免记分，先后收受上述人员通过中间人给予的"
        f"人民币共计{c.money(60000, 300000, 1000)}元。"
    )


@template("受贿罪", "medium", "corruption")
def bribery_school(c: Case) -> str:
    return (
        f"被告人{c.d}系{c.district}一所公办中学的校长。{c.years_span}，{c.d}利用负责学校食堂承包和校服采购的职务便利，"
        f"为供应商{c.v}中标提供帮助，收受{c.v}给予的“感谢费”共计人民币{c.money(100000, 600000, 1000)}元。"
    )


@template("受贿罪", "hard", "corruption")
def bribery_relative(c: Case) -> str:
    return (
        f"被告人{c.d}系{c.city}自然资源和规划局科长。{c.date}前后，房地产开发商{c.v}请托{c.d}在其项目容积率调整审批中"
        f"给予关照，{c.d}应允并提供了帮助。事后{c.d}授意{c.v}将人民币{c.money(300000, 1000000, 10000)}元"
        f"以“咨询费”名义转入其妻子开设的公司账户，{c.d}对此知情且未退还。"
    )


@template("受贿罪", "hard", "corruption")
def bribery_soe(c: Case) -> str:
    return (
        f"被告人{c.d}系国有独资公司{c.city}交通投资集团有限公司物资采购部经理（经公司党委任命，从事采购管理公务）。"
        f"{c.years_span}，{c.d}利用负责物资采购的职务便利，为多家供应商在入围、结算等方面谋取利益，"
        f"收受其给予的回扣共计人民币{c.money(300000, 1800000, 1000)}元。"
    )


# --- 故意伤害罪


@template("故意伤害罪", "easy", "person")
def assault_argument(c: Case) -> str:
    where = c.pick(("一家烧烤店内", "一家KTV门口", "一家网吧内", "一处菜市场门口", "一家面馆内"))
    cause = c.pick(("结账先后顺序", "排队插队", "争抢座位", "倒车时的剐蹭", "对方说话声音太大"))
    injury = c.pick(("鼻骨粉碎性骨折", "左眼眶内侧壁骨折", "两颗门牙折断", "左耳鼓膜外伤性穿孔"))
    weapon = c.pick(("用拳头连续击打", "抄起凳子砸向", "用啤酒瓶砸向"))
    return (
        f"{c.when}，被告人{c.d}在{c.place}{where}，因{cause}问题与被害人{c.v}发生口角，"
        f"继而{weapon}{c.v}的头面部，致其{injury}。经鉴定，{c.v}的损伤程度为轻伤二级。"
    )


@template("故意伤害罪", "easy", "person")
def assault_homestead(c: Case) -> str:
    return (
        f"{c.date}，被告人{c.d}因宅基地界线问题与同村村民{c.v}发生争执，{c.d}随手拿起一根木棍击打{c.v}的头部和左臂，"
        f"致其左尺骨骨折、头皮裂伤。经鉴定，{c.v}的损伤程度为轻伤二级。"
    )


@template("故意伤害罪", "medium", "person")
def assault_parking(c: Case) -> str:
    return (
        f"{c.when}，被告人{c.d}在{c.place}{c.community}内，因停车位问题与被害人{c.v}发生争吵，{c.d}将{c.v}推倒在地后"
        f"用脚猛踢其腹部，致{c.v}脾脏破裂，后行脾切除术。经鉴定，{c.v}的损伤程度为重伤二级。"
    )


@template("故意伤害罪", "medium", "person")
def assault_family(c: Case) -> str:
    return (
        f"{c.date}，被告人{c.d}因离婚财产分割问题到前妻家中理论，与前妻之兄{c.v}发生争执，"
        f"{c.d}拿起厨房的菜刀砍向{c.v}，致其左前臂开放性创口、桡骨骨折。经鉴定，{c.v}的损伤程度为轻伤二级。"
    )


@template("故意伤害罪", "hard", "person")
def assault_wages(c: Case) -> str:
    return (
        f"被告人{c.d}曾在包工头{c.v}手下做工，因{c.v}长期拖欠其工钱人民币{c.money(8000, 30000, 100)}元，多次催讨未果。"
        f"{c.when}，{c.d}叫上两名老乡在{c.v}租住的楼下将其堵住，三人对{c.v}拳打脚踢，致其三根肋骨骨折。"
        f"经鉴定，{c.v}的损伤程度为轻伤二级。"
    )


# --- 非法拘禁罪


@template("非法拘禁罪", "easy", "person")
def detention_debt(c: Case) -> str:
    return (
        f"因被害人{c.v}拖欠工程款人民币{c.money(50000, 300000, 1000)}元未还，{c.when}，被告人{c.d}伙同{c.d2}等人"
        f"将{c.v}从其家门口强行拉上车，带至{c.place}一家宾馆房间内，收走其手机，轮流看守，"
        f"限制其人身自由长达{c.n(26, 60)}小时，直至其家属报警。"
    )


@template("非法拘禁罪", "medium", "person")
def detention_employee(c: Case) -> str:
    shop = c.pick(("服装店", "手机店", "美容院", "汽修店"))
    lost = c.pick(("店内营业款", "一部新手机", "顾客寄存的金手镯"))
    return (
        f"被告人{c.d}系{c.place}一家{shop}老板。{c.date}，{c.d}怀疑店员{c.v}偷拿了{lost}，"
        f"将其关在店后仓库内，锁上铁门，不让其离开，也不准其与家人联系，持续一天一夜，期间多次对其辱骂、扇耳光。"
    )


@template("非法拘禁罪", "medium", "person")
def detention_breakup(c: Case) -> str:
    return (
        f"被告人{c.d}与被害人{c.v}系男女朋友关系。{c.date}，{c.v}提出分手，{c.d}遂将{c.v}锁在二人租住的出租屋内，"
        f"没收其手机和钥匙，持续{c.n(3, 5)}天不让其外出，后{c.v}趁{c.d}外出买饭时向窗外呼救，被邻居报警解救。"
    )


@template("非法拘禁罪", "hard", "person")
def detention_gambling_debt(c: Case) -> str:
    return (
        f"被告人{c.d}此前在赌博中赢了被害人{c.v}人民币{c.money(30000, 100000, 1000)}元，{c.v}一直未付。"
        f"{c.when}，{c.d}伙同{c.d2}将{c.v}骗至{c.village}一处闲置民房，用绳子捆住其双手，看管其{c.n(2, 3)}天，"
        f"期间让{c.v}打电话催促家人筹钱“还赌债”，后公安机关接警将{c.v}解救。"
    )


# --- 寻衅滋事罪


@template("寻衅滋事罪", "medium", "person")
def provocation_drunk(c: Case) -> str:
    return (
        f"{c.when}，被告人{c.d}酒后在{c.place}{c.road}一家大排档，无故对邻桌素不相识的顾客{c.v}、{c.v2}进行辱骂，"
        f"并持啤酒瓶砸向{c.v}的头部，又将{c.v2}推倒在地踢打，致二人均受轻微伤，店内顾客纷纷逃离。"
    )


@template("寻衅滋事罪", "easy", "public")
def provocation_market(c: Case) -> str:
    return (
        f"{c.span}，被告人{c.d}多次在{c.place}{c.road}农贸市场内，以“收保护费”“尝尝鲜”等名义强拿硬要摊主的"
        f"蔬菜、水果、香烟等物品，从不付钱，摊主稍有不从即遭其辱骂推搡，涉及摊主{c.n(6, 15)}户，"
        f"强拿硬要财物价值共计人民币{c.money(2000, 8000, 10)}元。"
    )


@template("寻衅滋事罪", "medium", "public")
def provocation_cars(c: Case) -> str:
    return (
        f"{c.when}，被告人{c.d}酒后在{c.place}{c.road}上，为发泄情绪，手持钢管随意砸坏路边停放的"
        f"{c.n(5, 12)}辆汽车的车窗和后视镜。经鉴定，被损坏车辆的修复费用共计人民币{c.money(8000, 30000, 10)}元。"
    )


@template("寻衅滋事罪", "medium", "public")
def provocation_hospital(c: Case) -> str:
    return (
        f"{c.when}，被告人{c.d}陪朋友到{c.city}某医院急诊科就诊时，嫌医生接诊太慢，在急诊大厅内大声辱骂医护人员，"
        f"推倒输液架、踢翻护士站的椅子，并向值班医生{c.v}扔掷病历夹，致急诊秩序混乱近一个小时，"
        f"多名患者的救治被迫中断。"
    )


@template("寻衅滋事罪", "medium", "public")
def provocation_chase(c: Case) -> str:
    return (
        f"{c.span}，被告人{c.d}伙同{c.d2}多次在夜间驾驶摩托车于{c.place}{c.road}一带追逐、拦截下晚自习的女学生，"
        f"用言语调戏并拉扯其衣物，造成附近学生和家长恐慌，情节恶劣。"
    )


@template("寻衅滋事罪", "hard", "person")
def provocation_look(c: Case) -> str:
    return (
        f"{c.when}，被告人{c.d}在{c.place}{c.road}路口等红灯时，嫌骑电动车的外卖骑手{c.v}“多看了自己一眼”，"
        f"便上前扇其耳光，又将其连人带车踹倒并踢踹其头面部，致{c.v}鼻骨骨折、两颗牙齿脱落。"
        f"经鉴定，{c.v}的损伤程度为轻伤二级。{c.d}与{c.v}素不相识，此前并无任何矛盾。"
    )


# --- 危险驾驶罪


@template("危险驾驶罪", "easy", "stopped")
def dangerous_drunk(c: Case) -> str:
    vehicle = c.pick(("小型轿车", "小型越野客车", "普通二轮摩托车", "小型普通客车"))
    return (
        f"{c.when}，被告人{c.d}饮酒后驾驶{vehicle}，行驶至{c.place}{c.road}与{c.road2}交叉口时，被执勤民警拦停检查。"
        f"经抽血鉴定，{c.d}血液中的乙醇含量为{c.bac()}mg/100ml。"
    )


@template("危险驾驶罪", "medium", "traffic")
def dangerous_drunk_scrape(c: Case) -> str:
    return (
        f"{c.when}，被告人{c.d}在朋友聚会上喝了半斤白酒后，驾驶小型轿车回家，行驶至{c.place}{c.road}时，"
        f"与路边停放的一辆小型轿车发生碰撞，造成两车受损，无人员受伤。经鉴定，{c.d}血液中的乙醇含量为{c.bac()}mg/100ml。"
    )


@template("危险驾驶罪", "medium", "stopped")
def dangerous_racing(c: Case) -> str:
    return (
        f"{c.when}，被告人{c.d}与{c.d2}分别驾驶改装后的小型轿车，在{c.place}{c.road}上相互追逐竞驶，"
        f"多次在车流中穿插、闯红灯，最高时速达每小时{c.n(140, 190)}公里（该路段限速每小时60公里），"
        f"致多辆正常行驶的车辆紧急避让。"
    )


@template("危险驾驶罪", "hard", "stopped")
def dangerous_school_bus(c: Case) -> str:
    return (
        f"被告人{c.d}无校车使用许可，{c.date}7时许驾驶核定载客7人的小型面包车接送{c.village}小学的学生上学，"
        f"实载学生{c.n(16, 22)}人，行驶至{c.village}村口时被交警查获。"
    )


@template("危险驾驶罪", "hard", "traffic")
def dangerous_drunk_light_injury(c: Case) -> str:
    return (
        f"{c.when}，被告人{c.d}醉酒后驾驶小型轿车行驶至{c.place}{c.road}时，追尾前方骑电动自行车的被害人{c.v}，"
        f"致{c.v}右腿胫骨骨折。经鉴定，{c.v}的损伤程度为轻伤二级；{c.d}血液中的乙醇含量为{c.bac(150, 240)}mg/100ml。"
        f"经交警部门认定，{c.d}负事故的全部责任。"
    )


# --- 交通肇事罪


@template("交通肇事罪", "easy", "traffic")
def traffic_truck(c: Case) -> str:
    return (
        f"{c.when}，被告人{c.d}驾驶重型半挂牵引车行驶至{c.place}{c.road}与{c.road2}交叉口右转弯时，未按规定减速让行，"
        f"与同向骑电动自行车直行的被害人{c.v}发生碰撞，致{c.v}当场死亡。经交警部门认定，{c.d}负事故的全部责任。"
    )


@template("交通肇事罪", "medium", "hit_and_run")
def traffic_hit_and_run(c: Case) -> str:
    return (
        f"{c.when}，被告人{c.d}驾驶小型轿车行驶至{c.place}{c.road}时，将横过道路的行人{c.v}撞倒，"
        f"{c.d}下车查看后驾车逃离现场。{c.v}经送医抢救无效死亡。经交警部门认定，{c.d}负事故的主要责任。"
        f"{c.d}于次日在亲属陪同下到交警大队投案。"
    )


@template("交通肇事罪", "hard", "traffic")
def traffic_drunk_serious(c: Case) -> str:
    return (
        f"{c.when}，被告人{c.d}酒后驾驶小型轿车行驶至{c.place}{c.road}时，越过道路中心线，与对向正常行驶的"
        f"被害人{c.v}驾驶的轿车相撞，致{c.v}颅脑损伤。经鉴定，{c.v}的损伤程度为重伤二级；{c.d}血液中的乙醇含量为"
        f"{c.bac(90, 200)}mg/100ml。经交警部门认定，{c.d}负事故的全部责任。"
    )


@template("交通肇事罪", "medium", "traffic")
def traffic_unlicensed(c: Case) -> str:
    return (
        f"{c.when}，未取得机动车驾驶证的被告人{c.d}驾驶一辆无号牌的三轮摩托车，在{c.district}{c.village}附近的乡道上"
        f"超速行驶，与横过道路的行人{c.v}相撞，致{c.v}经抢救无效死亡。经交警部门认定，{c.d}负事故的主要责任。"
    )


@template("交通肇事罪", "easy", "traffic")
def traffic_bus(c: Case) -> str:
    return (
        f"{c.when}，被告人{c.d}驾驶中型客车在{c.place}境内的省道上行驶，因连续驾驶四个多小时、疲劳驾驶，"
        f"车辆偏离车道冲出路外侧翻，致车上乘客{c.n(3, 5)}人重伤、{c.n(5, 9)}人轻伤。经交警部门认定，{c.d}负事故的全部责任。"
    )


# ---------------------------------------------------------------- charge prediction: assembly

OPENERS = ("经审理查明：", "经审理查明，", "公诉机关指控：", "经依法审查查明：", "")
PRIOR_CHARGES = (
    "盗窃罪",
    "故意伤害罪",
    "诈骗罪",
    "寻衅滋事罪",
    "抢夺罪",
    "赌博罪",
)  # each punishable by 有期徒刑


def arrest(c: Case) -> str:
    return c.pick(
        (
            f"案发后，被告人{c.d}被公安机关抓获归案。",
            f"同年{c.rng.randint(c.month, 12)}月，被告人{c.d}在{c.city}一出租屋内被民警抓获。",
            f"被告人{c.d}接到公安机关电话通知后主动到案。",
            f"被告人{c.d}主动到公安机关投案。",
            "",
        )
    )


def confession(c: Case) -> str:
    return c.pick(
        ("到案后如实供述了上述犯罪事实。", "到案后对犯罪事实供认不讳。", "", "庭审中对指控的事实无异议。")
    )


def ending(c: Case, kind: str) -> str:
    if kind == "property":
        tail = c.pick(
            (
                "案发后，涉案财物已部分追回并发还被害人。",
                "其家属已代为退赔被害人全部经济损失，被害人表示谅解。",
                "",
                "",
            )
        )
        return arrest(c) + confession(c) + tail
    if kind == "corruption":
        return c.pick(
            (
                f"{c.year + 1}年，被告人{c.d}经纪检监察机关谈话后主动交代了上述问题，并退缴全部违法所得。",
                f"案发后，被告人{c.d}被{c.district}监察委员会留置调查，其如实供述了监察机关尚未掌握的部分事实。",
                "案发后，涉案款项已全部追缴。",
                "",
            )
        )
    if kind == "person":
        tail = c.pick(
            (
                f"审理期间，被告人{c.d}赔偿了被害人{c.v}医疗费等经济损失人民币{c.money(5000, 60000, 1000)}元，取得被害人谅解。",
                "",
                "",
            )
        )
        return arrest(c) + confession(c) + tail
    if kind == "public":
        return arrest(c) + confession(c)
    if kind == "caught":
        return confession(c) + c.pick(("涉案财物已当场追回。", ""))
    if kind == "stopped":
        return c.pick((f"被告人{c.d}到案后如实供述了上述事实。", f"被告人{c.d}归案后认罪认罚。", ""))
    if kind == "traffic":
        return c.pick(
            (
                f"事故发生后，被告人{c.d}在现场等候处理，到案后如实供述了上述事实。",
                f"被告人{c.d}归案后如实供述，认罪认罚。",
                "",
            )
        )
    return c.pick((f"案发后，被告人{c.d}的亲属与被害人家属达成赔偿协议。", ""))  # hit_and_run


def charge_sample(rng: random.Random, charge: str, index: int) -> dict[str, str]:
    difficulty, kind, fn = TEMPLATES[charge][index]
    c = Case(rng)
    body = fn(c)
    prior = ""
    if rng.random() < 0.1:
        prior = (
            f"被告人{c.d}曾于{c.year - rng.randint(3, 8)}年因犯{rng.choice(PRIOR_CHARGES)}被判处有期徒刑"
            f"{rng.choice(('六个月', '一年', '一年六个月', '二年'))}，已刑满释放。"
        )
    tail = ending(c, kind)
    if charge == "职务侵占罪":
        tail = tail.replace("被害人", "被害单位")  # the loser is the defendant's company
    facts = rng.choice(OPENERS) + prior + body + tail
    return {
        "facts": facts,
        "charge": charge,
        "category": CATEGORY[charge],
        "difficulty": difficulty,
    }


def build_charges() -> list[dict[str, str]]:
    """Dev and test use disjoint templates of each charge, so a model cannot score by
    recognising a dev template's wording: it has to generalise to new fact patterns."""
    rng = random.Random(SEED)
    rows: list[dict[str, str]] = []
    for charge in CHARGES:
        order = list(range(len(TEMPLATES[charge])))
        rng.shuffle(order)
        n_dev = max(2, len(order) // 3)
        dev, test = order[:n_dev], order[n_dev:]
        hard = [i for i in order if TEMPLATES[charge][i][0] == "hard"]
        if hard and not set(hard) & set(test):  # keep a hard fact pattern in the evaluated split
            swap = next(i for i in test if TEMPLATES[charge][i][0] != "hard")
            dev[dev.index(hard[0])], test[test.index(swap)] = swap, hard[0]
        by_split = {"dev": dev, "test": test}
        for split, wanted in CHARGE_PER_SPLIT.items():
            indices = by_split[split]
            for i in range(wanted):
                rows.append({"split": split, **charge_sample(rng, charge, indices[i % len(indices)])})
    rng.shuffle(rows)
    rows.sort(key=lambda r: r["split"])
    return [{"id": f"chg-{i:04d}", **row} for i, row in enumerate(rows, start=1)]


# ---------------------------------------------------------------- statute QA: hand-written bank

LAW_FULL = {
    "民法典": "中华人民共和国民法典",
    "刑法": "中华人民共和国刑法",
    "刑事诉讼法": "中华人民共和国刑事诉讼法",
    "劳动合同法": "中华人民共和国劳动合同法",
    "劳动法": "中华人民共和国劳动法",
    "消费者权益保护法": "中华人民共和国消费者权益保护法",
    "道路交通安全法": "中华人民共和国道路交通安全法",
}

# (law, article, category, difficulty, question type, question, rule in our own words)
STATUTES: list[tuple[str, str, str, str, str, str, str]] = [
    # 民法典 · 总则
    (
        "民法典",
        "第十七条",
        "总则",
        "easy",
        "direct",
        "我国法律上成年人的年龄标准是什么？",
        "十八周岁以上的自然人为成年人；不满十八周岁的自然人为未成年人。",
    ),
    (
        "民法典",
        "第十九条",
        "总则",
        "medium",
        "case",
        "10岁的小明偷用家长手机给主播打赏了3万元，家长不同意。这一打赏行为的效力如何认定？",
        "八周岁以上的未成年人为限制民事行为能力人，实施民事法律行为须由法定代理人代理或经其同意、追认，但可以独立实施纯获利益或与其年龄、智力相适应的行为；大额打赏与10岁儿童的年龄智力不相适应，家长不追认的不发生效力。",
    ),
    (
        "民法典",
        "第十八条",
        "总则",
        "medium",
        "case",
        "17岁的小李初中毕业后在工厂上班，靠自己的工资生活。他能否被视为完全民事行为能力人？",
        "成年人为完全民事行为能力人；十六周岁以上的未成年人，以自己的劳动收入为主要生活来源的，视为完全民事行为能力人。",
    ),
    (
        "民法典",
        "第十六条",
        "总则",
        "hard",
        "case",
        "张某去世时妻子正怀孕五个月，分配遗产时是否要考虑腹中胎儿？",
        "涉及遗产继承、接受赠与等胎儿利益保护的，胎儿视为具有民事权利能力；但胎儿娩出时为死体的，其民事权利能力自始不存在。",
    ),
    (
        "民法典",
        "第四十六条",
        "总则",
        "medium",
        "direct",
        "自然人下落不明多久，利害关系人可以申请宣告其死亡？",
        "自然人下落不明满四年，或者因意外事件下落不明满二年的，利害关系人可以向人民法院申请宣告该自然人死亡。",
    ),
    (
        "民法典",
        "第一百四十七条",
        "总则",
        "medium",
        "case",
        "王某在网店下单时把单价99元的商品误看成9.9元并付款，事后发现属于重大误解，他可以怎么办？",
        "基于重大误解实施的民事法律行为，行为人有权请求人民法院或者仲裁机构予以撤销。",
    ),
    (
        "民法典",
        "第一百四十八条",
        "总则",
        "medium",
        "case",
        "卖家把事故车当作“无事故车”卖给刘某，刘某签约后才发现真相。合同能否撤销？",
        "一方以欺诈手段，使对方在违背真实意思的情况下实施的民事法律行为，受欺诈方有权请求人民法院或者仲裁机构予以撤销。",
    ),
    (
        "民法典",
        "第一百五十三条",
        "总则",
        "hard",
        "direct",
        "违反法律强制性规定或者违背公序良俗的合同效力如何？",
        "违反法律、行政法规的强制性规定的民事法律行为无效，但该强制性规定不导致该民事法律行为无效的除外；违背公序良俗的民事法律行为无效。",
    ),
    (
        "民法典",
        "第一百八十四条",
        "总则",
        "easy",
        "case",
        "路人对突发心脏骤停的老人实施心肺复苏，不慎压断了老人的肋骨，需要承担赔偿责任吗？",
        "因自愿实施紧急救助行为造成受助人损害的，救助人不承担民事责任。",
    ),
    (
        "民法典",
        "第一百八十八条",
        "总则",
        "easy",
        "direct",
        "向法院请求保护民事权利的一般诉讼时效是多久？",
        "向人民法院请求保护民事权利的诉讼时效期间为三年，自权利人知道或者应当知道权利受到损害以及义务人之日起计算；自权利受到损害之日起超过二十年的，人民法院不予保护。",
    ),
    # 民法典 · 物权
    (
        "民法典",
        "第二百零九条",
        "物权",
        "medium",
        "case",
        "赵某买了一套二手房，已付清房款并入住，但还没办理过户登记。他是否已经取得房屋所有权？",
        "不动产物权的设立、变更、转让和消灭，经依法登记，发生效力；未经登记，不发生效力，但法律另有规定的除外。",
    ),
    (
        "民法典",
        "第三百一十一条",
        "物权",
        "hard",
        "case",
        "甲把借来的乙的相机以市场价卖给了不知情的丙并已交付，乙能否要求丙返还相机？",
        "无处分权人将不动产或者动产转让给受让人的，受让人受让时是善意、以合理的价格转让且已依法登记或交付的，受让人取得该财产的所有权；原所有权人可以向无处分权人请求损害赔偿。",
    ),
    (
        "民法典",
        "第三百一十四条",
        "物权",
        "easy",
        "case",
        "在公园捡到别人的钱包，依法应当怎么做？",
        "拾得遗失物，应当返还权利人；拾得人应当及时通知权利人领取，或者送交公安等有关部门。",
    ),
    (
        "民法典",
        "第三百五十九条",
        "物权",
        "medium",
        "direct",
        "住宅建设用地使用权七十年期限届满后怎么办？",
        "住宅建设用地使用权期限届满的，自动续期；续期费用的缴纳或者减免，依照法律、行政法规的规定办理。",
    ),
    (
        "民法典",
        "第二百七十九条",
        "物权",
        "hard",
        "case",
        "业主想把自家住宅改成民宿对外经营，需要满足什么条件？",
        "业主不得违反法律、法规以及管理规约，将住宅改变为经营性用房；确需改变的，除遵守法律、法规以及管理规约外，应当经有利害关系的业主一致同意。",
    ),
    # 民法典 · 合同
    (
        "民法典",
        "第五百七十七条",
        "合同",
        "easy",
        "direct",
        "合同一方不履行合同义务，应当承担哪些违约责任？",
        "当事人一方不履行合同义务或者履行合同义务不符合约定的，应当承担继续履行、采取补救措施或者赔偿损失等违约责任。",
    ),
    (
        "民法典",
        "第五百八十五条",
        "合同",
        "medium",
        "case",
        "装修合同约定逾期一天违约金5000元，实际损失很小，装修公司能否请求法院减少违约金？",
        "约定的违约金低于造成的损失的，当事人可以请求人民法院或者仲裁机构予以增加；约定的违约金过分高于造成的损失的，可以请求予以适当减少。",
    ),
    (
        "民法典",
        "第五百八十六条",
        "合同",
        "medium",
        "case",
        "买卖合同总价10万元，双方约定定金3万元，这样的约定全部有效吗？",
        "定金合同自实际交付定金时成立；定金数额由当事人约定，但不得超过主合同标的额的百分之二十，超过部分不产生定金的效力。",
    ),
    (
        "民法典",
        "第五百八十七条",
        "合同",
        "easy",
        "case",
        "买家交了定金后，卖家反悔把货卖给了别人，买家能要回多少定金？",
        "给付定金的一方不履行债务致使不能实现合同目的的，无权请求返还定金；收受定金的一方不履行债务致使不能实现合同目的的，应当双倍返还定金。",
    ),
    (
        "民法典",
        "第五百九十条",
        "合同",
        "medium",
        "case",
        "因突发特大洪水，工厂无法按期交货，是否需要承担违约责任？",
        "当事人一方因不可抗力不能履行合同的，根据不可抗力的影响，部分或者全部免除责任，但应当及时通知对方并在合理期限内提供证明；迟延履行后发生不可抗力的，不免除其违约责任。",
    ),
    (
        "民法典",
        "第五百九十一条",
        "合同",
        "hard",
        "case",
        "供货商违约后，买方明知损失在扩大却不采取任何措施，扩大的损失能否要求对方赔偿？",
        "当事人一方违约后，对方应当采取适当措施防止损失的扩大；没有采取适当措施致使损失扩大的，不得就扩大的损失请求赔偿。",
    ),
    (
        "民法典",
        "第六百八十条",
        "合同",
        "easy",
        "case",
        "朋友之间借钱时没有约定利息，出借人事后能否要求支付利息？",
        "禁止高利放贷，借款的利率不得违反国家有关规定；借款合同对支付利息没有约定的，视为没有利息，自然人之间对利息约定不明确的，也视为没有利息。",
    ),
    (
        "民法典",
        "第六百七十九条",
        "合同",
        "hard",
        "direct",
        "自然人之间的借款合同从什么时候成立？",
        "自然人之间的借款合同，自贷款人提供借款时成立。",
    ),
    (
        "民法典",
        "第七百零五条",
        "合同",
        "medium",
        "direct",
        "房屋租赁合同的租期最长可以约定多少年？",
        "租赁期限不得超过二十年，超过二十年的，超过部分无效；租赁期限届满，当事人可以续订，但约定的租赁期限自续订之日起不得超过二十年。",
    ),
    (
        "民法典",
        "第七百二十五条",
        "合同",
        "medium",
        "case",
        "租期未满，房东把出租的房子卖给了别人，新房东能否要求租客立即搬走？",
        "租赁物在承租人按照租赁合同占有期限内发生所有权变动的，不影响租赁合同的效力（买卖不破租赁）。",
    ),
    (
        "民法典",
        "第七百二十六条",
        "合同",
        "medium",
        "case",
        "房东打算出售正在出租的房屋，租客有什么权利？",
        "出租人出卖租赁房屋的，应当在出卖之前的合理期限内通知承租人，承租人享有以同等条件优先购买的权利；但房屋按份共有人行使优先购买权或者出租人将房屋出卖给近亲属的除外。",
    ),
    (
        "民法典",
        "第六百五十八条",
        "合同",
        "medium",
        "case",
        "叔叔口头答应送侄子一辆车，还没过户就反悔了，可以吗？",
        "赠与人在赠与财产的权利转移之前可以撤销赠与；但经过公证的赠与合同或者依法不得撤销的具有救灾、扶贫、助残等公益、道德义务性质的赠与合同除外。",
    ),
    (
        "民法典",
        "第六百八十六条",
        "合同",
        "hard",
        "case",
        "保证合同中没有写明是一般保证还是连带责任保证，保证人承担哪种保证责任？",
        "保证的方式包括一般保证和连带责任保证；当事人在保证合同中对保证方式没有约定或者约定不明确的，按照一般保证承担保证责任。",
    ),
    (
        "民法典",
        "第六百零四条",
        "合同",
        "medium",
        "case",
        "卖家已把家具交付给买家，当晚家具因邻居家失火被烧毁，损失由谁承担？",
        "标的物毁损、灭失的风险，在标的物交付之前由出卖人承担，交付之后由买受人承担，但法律另有规定或者当事人另有约定的除外。",
    ),
    # 民法典 · 人格权
    (
        "民法典",
        "第一千零一十九条",
        "人格权",
        "easy",
        "case",
        "美容店未经顾客同意，把她的照片用在店铺广告上，侵犯了她的什么权利？",
        "任何组织或者个人不得以丑化、污损或者利用信息技术手段伪造等方式侵害他人的肖像权；未经肖像权人同意，不得制作、使用、公开肖像权人的肖像。",
    ),
    (
        "民法典",
        "第一千零二十四条",
        "人格权",
        "easy",
        "case",
        "有人在网上发帖捏造事实，说某餐馆老板卖地沟油，老板可以主张什么权利？",
        "民事主体享有名誉权，任何组织或者个人不得以侮辱、诽谤等方式侵害他人的名誉权。",
    ),
    (
        "民法典",
        "第一千零三十二条",
        "人格权",
        "easy",
        "case",
        "房东在出租屋内偷装摄像头，侵犯了租客的什么权利？",
        "自然人享有隐私权，任何组织或者个人不得以刺探、侵扰、泄露、公开等方式侵害他人的隐私权。",
    ),
    (
        "民法典",
        "第一千零一十条",
        "人格权",
        "medium",
        "case",
        "女职员多次收到上司发来的骚扰性信息和图片，她可以依据哪条法律维权？",
        "违背他人意愿，以言语、文字、图像、肢体行为等方式对他人实施性骚扰的，受害人有权依法请求行为人承担民事责任；机关、企业、学校等单位应当采取合理的预防、受理投诉、调查处置等措施。",
    ),
    # 民法典 · 婚姻家庭
    (
        "民法典",
        "第一千零四十七条",
        "婚姻家庭",
        "easy",
        "direct",
        "我国法定结婚年龄是多少？",
        "结婚年龄，男不得早于二十二周岁，女不得早于二十周岁。",
    ),
    (
        "民法典",
        "第一千零四十八条",
        "婚姻家庭",
        "easy",
        "case",
        "一对姑表兄妹想登记结婚，法律允许吗？",
        "直系血亲或者三代以内的旁系血亲禁止结婚；姑表兄妹属于三代以内旁系血亲，不能结婚。",
    ),
    (
        "民法典",
        "第一千零五十三条",
        "婚姻家庭",
        "medium",
        "case",
        "妻子婚后才得知丈夫婚前隐瞒了自己患有重大疾病，她可以怎么办？",
        "一方患有重大疾病的，应当在结婚登记前如实告知另一方；不如实告知的，另一方可以自知道或者应当知道撤销事由之日起一年内请求人民法院撤销婚姻。",
    ),
    (
        "民法典",
        "第一千零五十二条",
        "婚姻家庭",
        "medium",
        "direct",
        "因受胁迫而结婚的，受胁迫一方应在多长时间内请求撤销婚姻？",
        "因胁迫结婚的，受胁迫的一方可以向人民法院请求撤销婚姻，请求应当自胁迫行为终止之日起一年内提出；被非法限制人身自由的，自恢复人身自由之日起一年内提出。",
    ),
    (
        "民法典",
        "第一千零四十二条",
        "婚姻家庭",
        "easy",
        "case",
        "男方父母要求女方家必须先给二十万元才同意结婚，这种借婚姻索取财物的行为合法吗？",
        "禁止包办、买卖婚姻和其他干涉婚姻自由的行为，禁止借婚姻索取财物；禁止重婚，禁止有配偶者与他人同居，禁止家庭暴力，禁止家庭成员间的虐待和遗弃。",
    ),
    (
        "民法典",
        "第一千零六十二条",
        "婚姻家庭",
        "easy",
        "case",
        "丈夫婚后取得的工资和年终奖，离婚时属于谁？",
        "夫妻在婚姻关系存续期间所得的工资、奖金、劳务报酬、生产经营投资收益等财产，为夫妻的共同财产，归夫妻共同所有。",
    ),
    (
        "民法典",
        "第一千零六十三条",
        "婚姻家庭",
        "medium",
        "case",
        "王某婚前全款买的房子，结婚后是否就变成了夫妻共同财产？",
        "一方的婚前财产为夫妻一方的个人财产，此外一方因受到人身损害获得的赔偿或者补偿、遗嘱或者赠与合同中确定只归一方的财产、一方专用的生活用品等，也属个人财产。",
    ),
    (
        "民法典",
        "第一千零六十七条",
        "婚姻家庭",
        "easy",
        "case",
        "年迈多病的父母生活困难，成年儿子拒绝赡养，父母能要求什么？",
        "成年子女不履行赡养义务的，缺乏劳动能力或者生活困难的父母，有要求成年子女给付赡养费的权利；父母不履行抚养义务的，未成年子女或者不能独立生活的成年子女有要求父母给付抚养费的权利。",
    ),
    (
        "民法典",
        "第一千零七十七条",
        "婚姻家庭",
        "easy",
        "direct",
        "去民政局申请协议离婚后有多长的“冷静期”？期间一方反悔怎么办？",
        "自婚姻登记机关收到离婚登记申请之日起三十日内，任何一方不愿意离婚的，可以向婚姻登记机关撤回离婚登记申请；期满后三十日内双方未亲自到场申请发给离婚证的，视为撤回申请。",
    ),
    (
        "民法典",
        "第一千零七十九条",
        "婚姻家庭",
        "medium",
        "case",
        "李女士与丈夫因感情不和已分居满两年，丈夫仍不同意离婚。李女士起诉离婚，法院应如何处理？",
        "夫妻一方要求离婚的，可以直接向人民法院提起离婚诉讼，法院应当进行调解；感情确已破裂、调解无效的，应当准予离婚，因感情不和分居满二年即属此类情形。",
    ),
    (
        "民法典",
        "第一千零八十二条",
        "婚姻家庭",
        "medium",
        "case",
        "妻子刚生完孩子三个月，丈夫能否向法院起诉离婚？",
        "女方在怀孕期间、分娩后一年内或者终止妊娠后六个月内，男方不得提出离婚；但女方提出离婚或者人民法院认为确有必要受理男方离婚请求的除外。",
    ),
    (
        "民法典",
        "第一千零八十四条",
        "婚姻家庭",
        "medium",
        "case",
        "夫妻离婚时孩子刚满一岁，双方都想要抚养权，法院一般如何处理？",
        "离婚后，不满两周岁的子女，以由母亲直接抚养为原则；已满两周岁的子女，协议不成的由法院按照最有利于未成年子女的原则判决，子女已满八周岁的，应当尊重其真实意愿。",
    ),
    (
        "民法典",
        "第一千零八十六条",
        "婚姻家庭",
        "easy",
        "case",
        "离婚后孩子随母亲生活，父亲要求探望孩子被拒绝，他有这个权利吗？",
        "离婚后，不直接抚养子女的父或者母，有探望子女的权利，另一方有协助的义务；行使探望权的方式、时间由当事人协议，协议不成的由人民法院判决。",
    ),
    (
        "民法典",
        "第一千零八十八条",
        "婚姻家庭",
        "hard",
        "case",
        "妻子婚后辞职在家照顾孩子和老人多年，离婚时能否要求丈夫给予补偿？",
        "夫妻一方因抚育子女、照料老年人、协助另一方工作等负担较多义务的，离婚时有权向另一方请求补偿，另一方应当给予补偿。",
    ),
    (
        "民法典",
        "第一千零九十一条",
        "婚姻家庭",
        "medium",
        "case",
        "丈夫婚内与他人同居导致离婚，妻子能否请求损害赔偿？",
        "因重婚、与他人同居、实施家庭暴力、虐待或遗弃家庭成员或者有其他重大过错导致离婚的，无过错方有权请求损害赔偿。",
    ),
    # 民法典 · 继承
    (
        "民法典",
        "第一千一百二十七条",
        "继承",
        "easy",
        "direct",
        "法定继承中，第一顺序继承人包括哪些人？",
        "遗产按照法定顺序继承：第一顺序为配偶、子女、父母，第二顺序为兄弟姐妹、祖父母、外祖父母；有第一顺序继承人的，第二顺序继承人不继承。",
    ),
    (
        "民法典",
        "第一千一百二十八条",
        "继承",
        "hard",
        "case",
        "老张的儿子先于老张去世，老张去世后，孙子能否继承老张的遗产？",
        "被继承人的子女先于被继承人死亡的，由被继承人的子女的直系晚辈血亲代位继承，代位继承人一般只能继承被代位继承人有权继承的遗产份额。",
    ),
    (
        "民法典",
        "第一千一百二十九条",
        "继承",
        "hard",
        "case",
        "丈夫去世后，儿媳多年独自照顾公婆直至他们去世，她能否继承公婆的遗产？",
        "丧偶儿媳对公婆，丧偶女婿对岳父母，尽了主要赡养义务的，作为第一顺序继承人。",
    ),
    (
        "民法典",
        "第一千一百三十四条",
        "继承",
        "easy",
        "direct",
        "自书遗嘱需要满足什么形式要求？",
        "自书遗嘱由遗嘱人亲笔书写，签名，注明年、月、日。",
    ),
    (
        "民法典",
        "第一千一百三十五条",
        "继承",
        "medium",
        "case",
        "老人不识字，请邻居代写遗嘱，这份代书遗嘱要怎样才有效？",
        "代书遗嘱应当有两个以上见证人在场见证，由其中一人代书，并由遗嘱人、代书人和其他见证人签名，注明年、月、日。",
    ),
    (
        "民法典",
        "第一千一百三十六条",
        "继承",
        "medium",
        "case",
        "用电脑打印出来的遗嘱是否有效？需要注意什么？",
        "打印遗嘱应当有两个以上见证人在场见证，遗嘱人和见证人应当在遗嘱每一页签名，注明年、月、日。",
    ),
    (
        "民法典",
        "第一千一百四十二条",
        "继承",
        "medium",
        "case",
        "父亲先后立了两份内容相互冲突的遗嘱，应以哪一份为准？",
        "遗嘱人可以撤回、变更自己所立的遗嘱；立有数份遗嘱且内容相抵触的，以最后的遗嘱为准。",
    ),
    (
        "民法典",
        "第一千一百二十四条",
        "继承",
        "hard",
        "case",
        "父亲去世后，女儿想放弃继承，需要怎么表示？如果一直不表态会怎样？",
        "继承开始后，继承人放弃继承的，应当在遗产处理前以书面形式作出放弃继承的表示；没有表示的，视为接受继承。",
    ),
    (
        "民法典",
        "第一千一百六十一条",
        "继承",
        "medium",
        "case",
        "父亲生前欠债50万元，只留下价值20万元的遗产，子女继承后要还50万元吗？",
        "继承人以所得遗产实际价值为限清偿被继承人依法应当缴纳的税款和债务，超过部分自愿偿还的不在此限；放弃继承的，可以不负清偿责任。",
    ),
    (
        "民法典",
        "第一千一百四十一条",
        "继承",
        "hard",
        "case",
        "父亲立遗嘱把全部财产留给长子，而次子患重病、没有劳动能力也没有生活来源，该遗嘱是否需要调整？",
        "遗嘱应当为缺乏劳动能力又没有生活来源的继承人保留必要的遗产份额。",
    ),
    # 民法典 · 侵权
    (
        "民法典",
        "第一千一百六十五条",
        "侵权",
        "easy",
        "direct",
        "一般侵权责任的归责原则是什么？",
        "行为人因过错侵害他人民事权益造成损害的，应当承担侵权责任；依照法律规定推定行为人有过错，其不能证明自己没有过错的，应当承担侵权责任。",
    ),
    (
        "民法典",
        "第一千一百八十八条",
        "侵权",
        "easy",
        "case",
        "8岁的孩子踢球砸碎了邻居家的玻璃，赔偿责任由谁承担？",
        "无民事行为能力人、限制民事行为能力人造成他人损害的，由监护人承担侵权责任；监护人尽到监护职责的，可以减轻其侵权责任。",
    ),
    (
        "民法典",
        "第一千一百九十八条",
        "侵权",
        "medium",
        "case",
        "顾客在商场因地面湿滑、没有警示标志而摔伤，商场要承担责任吗？",
        "宾馆、商场、银行等经营场所、公共场所的经营者、管理者或者群众性活动的组织者，未尽到安全保障义务造成他人损害的，应当承担侵权责任。",
    ),
    (
        "民法典",
        "第一千二百四十五条",
        "侵权",
        "easy",
        "case",
        "邻居家的狗把路过的行人咬伤了，谁来赔？",
        "饲养的动物造成他人损害的，动物饲养人或者管理人应当承担侵权责任；能够证明损害是因被侵权人故意或者重大过失造成的，可以不承担或者减轻责任。",
    ),
    (
        "民法典",
        "第一千二百五十四条",
        "侵权",
        "medium",
        "case",
        "小区楼上扔下的花盆砸伤了行人，但查不出是哪一户扔的，受害人怎么办？",
        "禁止从建筑物中抛掷物品；造成他人损害的由侵权人承担责任，经调查难以确定具体侵权人的，除能够证明自己不是侵权人的外，由可能加害的建筑物使用人给予补偿。",
    ),
    (
        "民法典",
        "第一千二百零二条",
        "侵权",
        "medium",
        "case",
        "消费者使用电热水器时因产品漏电受伤，能否直接要求生产厂家赔偿？",
        "因产品存在缺陷造成他人损害的，生产者应当承担侵权责任。",
    ),
    (
        "民法典",
        "第一千一百八十三条",
        "侵权",
        "medium",
        "direct",
        "在什么情况下可以请求精神损害赔偿？",
        "侵害自然人人身权益造成严重精神损害的，被侵权人有权请求精神损害赔偿。",
    ),
    (
        "民法典",
        "第一千一百七十六条",
        "侵权",
        "hard",
        "case",
        "业余足球比赛中，队员正常拼抢导致对方球员受伤，受伤者能否要求赔偿？",
        "自愿参加具有一定风险的文体活动，因其他参加者的行为受到损害的，受害人不得请求其他参加者承担侵权责任，但其他参加者对损害的发生有故意或者重大过失的除外。",
    ),
    (
        "民法典",
        "第一千一百九十一条",
        "侵权",
        "medium",
        "case",
        "公司司机在送货途中撞伤了行人，应由谁承担赔偿责任？",
        "用人单位的工作人员因执行工作任务造成他人损害的，由用人单位承担侵权责任；用人单位承担责任后，可以向有故意或者重大过失的工作人员追偿。",
    ),
    (
        "民法典",
        "第一千一百九十九条",
        "侵权",
        "hard",
        "case",
        "5岁的孩子在幼儿园玩耍时摔伤，幼儿园是否要承担责任？",
        "无民事行为能力人在幼儿园、学校或者其他教育机构学习、生活期间受到人身损害的，幼儿园、学校或者其他教育机构应当承担侵权责任；但能够证明尽到教育、管理职责的，不承担侵权责任。",
    ),
    (
        "民法典",
        "第一千二百一十八条",
        "侵权",
        "medium",
        "direct",
        "患者在诊疗活动中受到损害，医疗机构在什么情况下承担赔偿责任？",
        "患者在诊疗活动中受到损害，医疗机构或者其医务人员有过错的，由医疗机构承担赔偿责任。",
    ),
    # 刑法 · 总则
    (
        "刑法",
        "第十七条",
        "刑法总则",
        "medium",
        "case",
        "15岁的少年持刀抢劫他人财物，是否要负刑事责任？",
        "已满十六周岁的人犯罪，应当负刑事责任；已满十四周岁不满十六周岁的人，犯故意杀人、故意伤害致人重伤或者死亡、强奸、抢劫、贩卖毒品、放火、爆炸、投放危险物质罪的，应当负刑事责任。",
    ),
    (
        "刑法",
        "第十七条之一",
        "刑法总则",
        "hard",
        "direct",
        "已满七十五周岁的老人犯罪，在量刑上有什么特殊规定？",
        "已满七十五周岁的人故意犯罪的，可以从轻或者减轻处罚；过失犯罪的，应当从轻或者减轻处罚。",
    ),
    (
        "刑法",
        "第十八条",
        "刑法总则",
        "easy",
        "case",
        "喝醉酒后打伤他人，能否以“喝醉了不记得”为由不负刑事责任？",
        "醉酒的人犯罪，应当负刑事责任；只有精神病人在不能辨认或者不能控制自己行为时造成危害结果，经法定程序鉴定确认的，才不负刑事责任。",
    ),
    (
        "刑法",
        "第二十条",
        "刑法总则",
        "hard",
        "case",
        "歹徒持刀入室抢劫，户主在搏斗中将其刺成重伤，户主是否构成犯罪？",
        "为制止正在进行的不法侵害而采取的制止行为属于正当防卫，不负刑事责任；对正在进行的行凶、杀人、抢劫、强奸、绑架等严重危及人身安全的暴力犯罪采取防卫行为，造成不法侵害人伤亡的，不属于防卫过当。",
    ),
    (
        "刑法",
        "第二十一条",
        "刑法总则",
        "medium",
        "case",
        "为躲避失控冲来的汽车，行人撞坏了路边商店的橱窗，要负刑事责任吗？",
        "为了使国家、公共利益、本人或者他人的人身、财产和其他权利免受正在发生的危险，不得已采取的紧急避险行为，造成损害的，不负刑事责任；超过必要限度造成不应有损害的，应当负刑事责任，但应当减轻或者免除处罚。",
    ),
    (
        "刑法",
        "第二十四条",
        "刑法总则",
        "hard",
        "case",
        "甲入户盗窃时突然良心发现，什么都没拿就自行离开，应如何处理？",
        "在犯罪过程中，自动放弃犯罪或者自动有效地防止犯罪结果发生的，是犯罪中止；对于中止犯，没有造成损害的，应当免除处罚，造成损害的，应当减轻处罚。",
    ),
    (
        "刑法",
        "第二十七条",
        "刑法总则",
        "medium",
        "direct",
        "在共同犯罪中只负责望风的人，处罚上有何规定？",
        "在共同犯罪中起次要或者辅助作用的，是从犯；对于从犯，应当从轻、减轻处罚或者免除处罚。",
    ),
    (
        "刑法",
        "第四十九条",
        "刑法总则",
        "medium",
        "direct",
        "哪些人不适用死刑？",
        "犯罪的时候不满十八周岁的人和审判的时候怀孕的妇女，不适用死刑；审判的时候已满七十五周岁的人，不适用死刑，但以特别残忍手段致人死亡的除外。",
    ),
    (
        "刑法",
        "第六十五条",
        "刑法总则",
        "medium",
        "direct",
        "什么是累犯？对累犯如何处罚？",
        "被判处有期徒刑以上刑罚的犯罪分子，刑罚执行完毕或者赦免以后五年内再犯应当判处有期徒刑以上刑罚之罪的，是累犯，应当从重处罚；过失犯罪和不满十八周岁的人犯罪的除外。",
    ),
    (
        "刑法",
        "第六十七条",
        "刑法总则",
        "easy",
        "case",
        "犯罪后主动到派出所投案并如实交代，能否从宽处理？",
        "犯罪以后自动投案，如实供述自己的罪行的，是自首；对于自首的犯罪分子，可以从轻或者减轻处罚，其中犯罪较轻的，可以免除处罚。",
    ),
    (
        "刑法",
        "第六十八条",
        "刑法总则",
        "medium",
        "case",
        "被告人在羁押期间揭发了同监室人员的其他犯罪，经查证属实，对其量刑有什么影响？",
        "犯罪分子有揭发他人犯罪行为，查证属实的，或者提供重要线索从而得以侦破其他案件等立功表现的，可以从轻或者减轻处罚；有重大立功表现的，可以减轻或者免除处罚。",
    ),
    (
        "刑法",
        "第七十二条",
        "刑法总则",
        "medium",
        "direct",
        "适用缓刑需要满足哪些条件？",
        "对于被判处拘役、三年以下有期徒刑的犯罪分子，同时符合犯罪情节较轻、有悔罪表现、没有再犯罪的危险、宣告缓刑对所居住社区没有重大不良影响的，可以宣告缓刑。",
    ),
    (
        "刑法",
        "第八十一条",
        "刑法总则",
        "hard",
        "direct",
        "被判处有期徒刑的罪犯，至少服刑多久才可能被假释？",
        "被判处有期徒刑的犯罪分子，执行原判刑期二分之一以上，被判处无期徒刑的犯罪分子，实际执行十三年以上，如果认真遵守监规、确有悔改表现、没有再犯罪的危险的，可以假释。",
    ),
    (
        "刑法",
        "第八十七条",
        "刑法总则",
        "hard",
        "direct",
        "法定最高刑为不满五年有期徒刑的犯罪，经过多少年不再追诉？",
        "犯罪经过下列期限不再追诉：法定最高刑为不满五年有期徒刑的，经过五年；五年以上不满十年的，经过十年；十年以上有期徒刑的，经过十五年；无期徒刑、死刑的，经过二十年。",
    ),
    # 刑法 · 分则
    (
        "刑法",
        "第一百三十三条之一",
        "刑法分则",
        "medium",
        "case",
        "司机醉酒驾驶机动车被交警查获，没有发生事故，构成犯罪吗？",
        "在道路上醉酒驾驶机动车的，构成危险驾驶罪，处拘役，并处罚金；追逐竞驶情节恶劣、校车或客运严重超员超速、违规运输危险化学品的，同样构成本罪。",
    ),
    (
        "刑法",
        "第一百三十三条之二",
        "刑法分则",
        "hard",
        "case",
        "乘客因坐过站与公交司机争吵，上前抢夺方向盘，危及公共安全，构成什么犯罪？",
        "对行驶中的公共交通工具的驾驶人员使用暴力或者抢控驾驶操纵装置，干扰公共交通工具正常行驶，危及公共安全的，构成妨害安全驾驶罪，处一年以下有期徒刑、拘役或者管制，并处或者单处罚金。",
    ),
    (
        "刑法",
        "第二百六十九条",
        "刑法分则",
        "hard",
        "case",
        "小偷在超市偷东西被发现后，为了逃跑当场持刀威胁保安，应定什么罪？",
        "犯盗窃、诈骗、抢夺罪，为窝藏赃物、抗拒抓捕或者毁灭罪证而当场使用暴力或者以暴力相威胁的，依照抢劫罪的规定定罪处罚。",
    ),
    (
        "刑法",
        "第二百九十一条之二",
        "刑法分则",
        "hard",
        "case",
        "住户多次从高楼窗户往下扔酒瓶，虽未砸到人，是否可能构成犯罪？",
        "从建筑物或者其他高空抛掷物品，情节严重的，构成高空抛物罪，处一年以下有期徒刑、拘役或者管制，并处或者单处罚金。",
    ),
    (
        "刑法",
        "第二百六十四条",
        "刑法分则",
        "medium",
        "case",
        "小偷在公交车上从乘客口袋里偷走一部旧手机，价值只有几百元，也构成盗窃罪吗？",
        "盗窃公私财物，数额较大的，或者多次盗窃、入户盗窃、携带凶器盗窃、扒窃的，构成盗窃罪；扒窃不以数额较大为条件。",
    ),
    (
        "刑法",
        "第二百六十一条",
        "刑法分则",
        "medium",
        "case",
        "儿子长期拒绝赡养卧病在床、没有生活能力的老父亲，情节恶劣，可能构成什么罪？",
        "对于年老、年幼、患病或者其他没有独立生活能力的人，负有扶养义务而拒绝扶养，情节恶劣的，构成遗弃罪，处五年以下有期徒刑、拘役或者管制。",
    ),
    # 刑事诉讼法
    (
        "刑事诉讼法",
        "第十二条",
        "刑事诉讼",
        "easy",
        "direct",
        "在法院判决前，能否认定犯罪嫌疑人有罪？",
        "未经人民法院依法判决，对任何人都不得确定有罪。",
    ),
    (
        "刑事诉讼法",
        "第十五条",
        "刑事诉讼",
        "medium",
        "direct",
        "什么是认罪认罚从宽制度？",
        "犯罪嫌疑人、被告人自愿如实供述自己的罪行，承认指控的犯罪事实，愿意接受处罚的，可以依法从宽处理。",
    ),
    (
        "刑事诉讼法",
        "第五十二条",
        "刑事诉讼",
        "medium",
        "direct",
        "侦查人员能否强迫犯罪嫌疑人承认犯罪？",
        "审判人员、检察人员、侦查人员必须依照法定程序收集证据，严禁刑讯逼供和以威胁、引诱、欺骗以及其他非法方法收集证据，不得强迫任何人证实自己有罪。",
    ),
    (
        "刑事诉讼法",
        "第五十六条",
        "刑事诉讼",
        "hard",
        "case",
        "通过刑讯逼供取得的犯罪嫌疑人口供，能否作为定案的根据？",
        "采用刑讯逼供等非法方法收集的犯罪嫌疑人、被告人供述和采用暴力、威胁等非法方法收集的证人证言、被害人陈述，应当予以排除。",
    ),
    # 劳动合同法
    (
        "劳动合同法",
        "第十条",
        "劳动",
        "easy",
        "direct",
        "用人单位招用员工后，最迟应在什么时候订立书面劳动合同？",
        "建立劳动关系，应当订立书面劳动合同；已建立劳动关系未同时订立书面劳动合同的，应当自用工之日起一个月内订立。",
    ),
    (
        "劳动合同法",
        "第八十二条",
        "劳动",
        "medium",
        "case",
        "小王入职半年，公司一直不和他签书面劳动合同，他可以主张什么？",
        "用人单位自用工之日起超过一个月不满一年未与劳动者订立书面劳动合同的，应当向劳动者每月支付二倍的工资。",
    ),
    (
        "劳动合同法",
        "第十九条",
        "劳动",
        "medium",
        "case",
        "公司与员工签了两年期劳动合同，却约定了六个月试用期，合法吗？",
        "劳动合同期限三个月以上不满一年的，试用期不得超过一个月；一年以上不满三年的，不得超过二个月；三年以上固定期限和无固定期限的，不得超过六个月；同一用人单位与同一劳动者只能约定一次试用期。",
    ),
    (
        "劳动合同法",
        "第二十条",
        "劳动",
        "medium",
        "direct",
        "试用期工资最低不能低于多少？",
        "劳动者在试用期的工资不得低于本单位相同岗位最低档工资或者劳动合同约定工资的百分之八十，并不得低于用人单位所在地的最低工资标准。",
    ),
    (
        "劳动合同法",
        "第三十七条",
        "劳动",
        "easy",
        "direct",
        "员工想辞职，需要提前多久通知公司？",
        "劳动者提前三十日以书面形式通知用人单位，可以解除劳动合同；劳动者在试用期内提前三日通知用人单位，可以解除劳动合同。",
    ),
    (
        "劳动合同法",
        "第三十八条",
        "劳动",
        "medium",
        "case",
        "公司连续三个月拖欠工资，员工能否立即解除劳动合同？",
        "用人单位未及时足额支付劳动报酬、未依法缴纳社会保险费、未按照约定提供劳动保护或者劳动条件等的，劳动者可以解除劳动合同。",
    ),
    (
        "劳动合同法",
        "第三十九条",
        "劳动",
        "medium",
        "case",
        "员工严重违反公司规章制度，公司能否直接解除劳动合同？",
        "劳动者严重违反用人单位的规章制度、在试用期间被证明不符合录用条件、严重失职营私舞弊造成重大损害、被依法追究刑事责任等的，用人单位可以解除劳动合同。",
    ),
    (
        "劳动合同法",
        "第四十条",
        "劳动",
        "hard",
        "case",
        "员工经培训和调岗后仍不能胜任工作，公司解除合同需履行什么程序？",
        "劳动者不能胜任工作，经过培训或者调整工作岗位仍不能胜任的，用人单位提前三十日以书面形式通知劳动者本人或者额外支付劳动者一个月工资后，可以解除劳动合同。",
    ),
    (
        "劳动合同法",
        "第四十二条",
        "劳动",
        "medium",
        "case",
        "公司以经营调整为由，想辞退一名正在怀孕的女职工，可以吗？",
        "女职工在孕期、产期、哺乳期的，用人单位不得依照本法第四十条、第四十一条的规定解除劳动合同。",
    ),
    (
        "劳动合同法",
        "第四十七条",
        "劳动",
        "medium",
        "direct",
        "解除劳动合同时的经济补偿金如何计算？",
        "经济补偿按劳动者在本单位工作的年限，每满一年支付一个月工资；六个月以上不满一年的，按一年计算；不满六个月的，支付半个月工资的经济补偿。",
    ),
    (
        "劳动合同法",
        "第八十七条",
        "劳动",
        "hard",
        "case",
        "公司违法解除员工的劳动合同，员工不要求恢复工作，可以要求多少赔偿？",
        "用人单位违反本法规定解除或者终止劳动合同的，应当依照本法第四十七条规定的经济补偿标准的二倍向劳动者支付赔偿金。",
    ),
    (
        "劳动合同法",
        "第十四条",
        "劳动",
        "hard",
        "case",
        "老刘在同一家公司连续工作满十年，续签时提出签无固定期限合同，公司能否拒绝？",
        "劳动者在该用人单位连续工作满十年，或者连续订立二次固定期限劳动合同且无法定情形后续订的，劳动者提出或者同意续订劳动合同的，除劳动者提出订立固定期限劳动合同外，应当订立无固定期限劳动合同。",
    ),
    (
        "劳动合同法",
        "第二十四条",
        "劳动",
        "medium",
        "direct",
        "竞业限制的期限最长是多久？",
        "竞业限制的人员限于用人单位的高级管理人员、高级技术人员和其他负有保密义务的人员；解除或者终止劳动合同后，竞业限制期限不得超过二年。",
    ),
    (
        "劳动合同法",
        "第九条",
        "劳动",
        "easy",
        "case",
        "入职时公司要求扣押员工身份证并交2000元押金，合法吗？",
        "用人单位招用劳动者，不得扣押劳动者的居民身份证和其他证件，不得要求劳动者提供担保或者以其他名义向劳动者收取财物。",
    ),
    (
        "劳动合同法",
        "第二十二条",
        "劳动",
        "hard",
        "case",
        "公司出资送员工参加专业培训并约定服务期，员工提前离职，违约金最多能要多少？",
        "用人单位提供专项培训费用进行专业技术培训的，可以约定服务期；劳动者违反服务期约定的，违约金不得超过用人单位提供的培训费用，且不得超过服务期尚未履行部分所应分摊的培训费用。",
    ),
    # 劳动法
    (
        "劳动法",
        "第三十六条",
        "劳动",
        "easy",
        "direct",
        "我国标准工时制度规定每天、每周工作多长时间？",
        "国家实行劳动者每日工作时间不超过八小时、平均每周工作时间不超过四十四小时的工时制度。",
    ),
    (
        "劳动法",
        "第四十四条",
        "劳动",
        "easy",
        "case",
        "国庆节当天公司安排员工加班，加班工资应如何支付？",
        "延长工作时间的，支付不低于工资百分之一百五十的报酬；休息日工作又不能安排补休的，支付不低于百分之二百的报酬；法定休假日工作的，支付不低于百分之三百的报酬。",
    ),
    (
        "劳动法",
        "第十五条",
        "劳动",
        "easy",
        "case",
        "一家工厂招用了两名15岁的初中辍学生做流水线工人，是否违法？",
        "禁止用人单位招用未满十六周岁的未成年人；文艺、体育和特种工艺单位招用未满十六周岁的未成年人，必须依照国家有关规定履行审批手续，并保障其接受义务教育的权利。",
    ),
    (
        "劳动法",
        "第四十一条",
        "劳动",
        "hard",
        "direct",
        "用人单位安排加班，每月加班时间最多不能超过多少小时？",
        "用人单位因生产经营需要，经与工会和劳动者协商后可以延长工作时间，一般每日不得超过一小时；特殊原因下在保障劳动者身体健康的条件下每日不得超过三小时，但是每月不得超过三十六小时。",
    ),
    # 消费者权益保护法
    (
        "消费者权益保护法",
        "第二十五条",
        "消费者",
        "easy",
        "case",
        "网购了一件衣服，收到后不喜欢，能否无理由退货？",
        "经营者采用网络、电视、电话、邮购等方式销售商品，消费者有权自收到商品之日起七日内退货，且无需说明理由，但定作、鲜活易腐等法定商品除外。",
    ),
    (
        "消费者权益保护法",
        "第五十五条",
        "消费者",
        "medium",
        "case",
        "商家把翻新手机当新机卖给消费者，消费者可以要求怎样的赔偿？",
        "经营者提供商品或者服务有欺诈行为的，应当按照消费者的要求增加赔偿其受到的损失，增加赔偿的金额为消费者购买商品的价款或者接受服务的费用的三倍；增加赔偿的金额不足五百元的，为五百元。",
    ),
    (
        "消费者权益保护法",
        "第二十六条",
        "消费者",
        "medium",
        "case",
        "餐馆门口贴着“本店最终解释权归本店所有”“禁止自带酒水”，这类店堂告示有效吗？",
        "经营者不得以格式条款、通知、声明、店堂告示等方式，作出排除或者限制消费者权利、减轻或者免除经营者责任、加重消费者责任等对消费者不公平、不合理的规定，此类内容无效。",
    ),
    (
        "消费者权益保护法",
        "第二十九条",
        "消费者",
        "medium",
        "direct",
        "经营者收集、使用消费者个人信息应当遵守什么原则？",
        "经营者收集、使用消费者个人信息，应当遵循合法、正当、必要的原则，明示收集、使用信息的目的、方式和范围，并经消费者同意，且对收集的信息严格保密。",
    ),
    # 道路交通安全法
    (
        "道路交通安全法",
        "第九十一条",
        "交通",
        "medium",
        "direct",
        "饮酒后驾驶机动车（尚未醉酒）会受到什么处罚？",
        "饮酒后驾驶机动车的，处暂扣六个月机动车驾驶证，并处一千元以上二千元以下罚款；醉酒驾驶机动车的，吊销机动车驾驶证，依法追究刑事责任，五年内不得重新取得机动车驾驶证。",
    ),
    (
        "道路交通安全法",
        "第七十六条",
        "交通",
        "hard",
        "case",
        "行人闯红灯被正常行驶的汽车撞伤，司机完全没有过错，司机还要赔偿吗？",
        "机动车与非机动车驾驶人、行人之间发生交通事故，机动车一方没有过错的，承担不超过百分之十的赔偿责任；损失是由行人故意碰撞机动车造成的，机动车一方不承担赔偿责任。",
    ),
    (
        "道路交通安全法",
        "第四十七条",
        "交通",
        "easy",
        "direct",
        "机动车经过人行横道时遇到行人正在通过，应当怎么做？",
        "机动车行经人行横道时，应当减速行驶；遇行人正在通过人行横道，应当停车让行。",
    ),
    (
        "道路交通安全法",
        "第七十条",
        "交通",
        "medium",
        "direct",
        "发生交通事故后，车辆驾驶人首先应当怎么做？",
        "在道路上发生交通事故，车辆驾驶人应当立即停车，保护现场；造成人身伤亡的，应当立即抢救受伤人员，并迅速报告执勤的交通警察或者公安机关交通管理部门。",
    ),
]

STATUTE_DEV_EVERY = 3  # every 3rd question goes to dev


def build_statutes() -> dict[str, list[dict[str, str]]]:
    rng = random.Random(SEED + 1)
    items = STATUTES[:]
    rng.shuffle(items)
    out: dict[str, list[dict[str, str]]] = {"dev": [], "test": []}
    for i, (law, article, category, difficulty, qtype, question, rule) in enumerate(items):
        split = "dev" if i % STATUTE_DEV_EVERY == STATUTE_DEV_EVERY - 1 else "test"
        rows = out[split]
        rows.append(
            {
                "id": f"sqa-{'d' if split == 'dev' else 't'}{len(rows) + 1:03d}",
                "question": question,
                "answer": f"《{LAW_FULL[law]}》{article}：{rule}",
                "article": article,
                "law": law,
                "category": category,
                "difficulty": difficulty,
                "question_type": qtype,
            }
        )
    return out


# ---------------------------------------------------------------- output


def write_jsonl(path: Path, rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> None:
    charges = build_charges()
    write_jsonl(DATA / "charge_prediction.jsonl", charges)
    statutes = build_statutes()
    for split, rows in statutes.items():
        write_jsonl(DATA / f"statute_qa_{split}.jsonl", rows)
    counts = ", ".join(f"{k}={len(v)}" for k, v in statutes.items())
    print(f"charge_prediction: {len(charges)} samples; statute_qa: {counts}")


if __name__ == "__main__":
    main()
