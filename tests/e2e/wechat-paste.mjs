// A Chinese roundtable as it arrives when a reporter copies a WeChat article (written for these
// tests): the column before 丨, the account-and-date line, topics, three empty `图片` slots
// before the first question and one with a caption, guests with long job titles, an answer of
// two paragraphs, the credits and the read counter at the end.

/** The pasted text. */
export const WECHAT_PASTE = `城市观察丨夜班公交能否照亮晚归人的回家路?

原创 城市交通周刊 2025-10-09 07:45

话题：公共交通 · 夜间经济

图片

十月起，市区新开通六条夜班公交线路，末班车从晚上十一点延后到凌晨两点。夜班车为谁而开、怎样开得安全又不亏本？本期请来三位嘉宾。

图片

主持人：宋知远

嘉宾：

贺兰舟  市公共交通集团第三分公司夜间线路运营调度中心副主任、党支部书记

白露  交通大学城市规划与交通工程学院副教授、城市出行研究所研究员

祁东  河西区夜市商户联合会秘书长

图片

主持人：夜班线路是怎么选出来的？

贺兰舟：我们先看了手机信令和打车订单的热力图，再去医院、夜市和物流园门口数人头。凌晨一点还有上百人等车的站点，才会放进方案。

主持人：客流这么分散，车队怎么算账？

白露：夜班车不能只看单趟的满载率。它接走的是护士、保安、外卖骑手，这些人如果打不到车，城市的夜间服务就会断档。

所以我们建议把夜班线路和白天的干线一起核算，用白天的盈余补夜里的缺口。

图片

夜班车司机在发车前检查车辆。

主持人：商户们怎么看？

祁东：夜市收摊一般在一点左右，以前摊主和帮工只能结伴打车。现在站牌就在市场门口，大家收拾完刚好赶上末班。

主持人：最后请三位各说一句期待。

贺兰舟：希望每一趟夜班车都准点。

白露：希望夜班线路的数据向社会公开。

祁东：希望夜市和公交一起把城市的夜晚点亮。

来源：城市交通周刊
编辑：陈可

阅读 2046
`;

/** What the importer finds in it, for the assertions. */
export const WECHAT_EXPECTED = {
  column: "城市观察",
  topics: ["公共交通", "夜间经济"],
  credits: [
    ["source", "城市交通周刊"],
    ["editor", "陈可"],
  ],
  longTitle: "市公共交通集团第三分公司夜间线路运营调度中心副主任、党支部书记",
  emptyPictureSlots: 3,
  captionedSlot: "夜班车司机在发车前检查车辆。",
};
