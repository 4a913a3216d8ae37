"""Every shipped table kind: a small disclosure with one table of that kind checks clean and prints its figures.

A kind added to ``generator/layouts/kinds/*.yml`` needs a sample here (the test below fails
without one). The province and 自评 layouts also get their failing sums checked.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import textwrap
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from generator.cli import main
from generator.layouts import package_registry
from generator.pipeline import Content, load_content
from generator.render.views import BlockView, disclosure_view

DISC = "2025/ceshi/disclosure.yml"
SHOWN = f"content/{DISC}"

HEAD = """\
department:
  name: 测试局
year: 2025
kind: {kind}
scope: partial
title: 测试
unit: 万元
contents:
  - part: 表
    items:
"""

# kind id → (the table block as written in a disclosure, texts that must be printed as cells)
SAMPLES: dict[str, tuple[str, list[str]]] = {
    # ----- budget.yml ----------------------------------------------------------------------
    "budget_summary": (
        """
        - table: budget_summary
          income:
            一般公共预算拨款收入: 120.50
            本年收入合计: 120.50
            上年结转结余: 3.20
            收入总计: 123.70
          expenditure:
            公共安全支出: 123.70
            本年支出合计: 123.70
            支出总计: 123.70
        """,
        ["一、一般公共预算拨款收入", "120.50", "上年结转结余", "3.20", "四、公共安全支出", "收入总计", "123.70"],
    ),
    "income": (
        """
        - table: income
          total: {合计: 123.70, 小计: 120.50, 财政拨款收入: 120.50, 上年结转: 3.20}
          rows:
            - {code: "204", name: 公共安全支出, 合计: 123.70, 小计: 120.50, 财政拨款收入: 120.50, 上年结转: 3.20}
            - {code: "20406", name: 司法, 合计: 123.70, 小计: 120.50, 财政拨款收入: 120.50, 上年结转: 3.20}
            - {code: "2040601", name: 行政运行, 合计: 100.00, 小计: 100.00, 财政拨款收入: 100.00}
            - {code: "2040602", name: 一般行政管理事务, 合计: 23.70, 小计: 20.50, 财政拨款收入: 20.50, 上年结转: 3.20}
        """,
        ["2040602", "一般行政管理事务", "23.70", "20.50", "3.20", "财政拨款收入", "上年结转", "本年收入"],
    ),
    "expenditure": (
        """
        - table: expenditure
          total: {合计: 123.70, 基本支出: 100.00, 项目支出: 23.70}
          rows:
            - {code: "204", name: 公共安全支出, 合计: 123.70, 基本支出: 100.00, 项目支出: 23.70}
            - {code: "20406", name: 司法, 合计: 123.70, 基本支出: 100.00, 项目支出: 23.70}
            - {code: "2040601", name: 行政运行, 合计: 100.00, 基本支出: 100.00}
            - {code: "2040602", name: 一般行政管理事务, 合计: 23.70, 项目支出: 23.70}
        """,
        ["204", "公共安全支出", "123.70", "100.00", "23.70", "基本支出", "项目支出", "对附属单位补助支出"],
    ),
    "fiscal_summary": (
        """
        - table: fiscal_summary
          income:
            一般公共预算拨款: 120.50
            本年收入合计: 120.50
            年初财政拨款结转和结余: 3.20
            年初一般公共预算拨款: 3.20
            收入总计: 123.70
          expenditure:
            公共安全支出: {合计: 123.70, 一般公共预算财政拨款: 123.70}
            本年支出合计: {合计: 123.70, 一般公共预算财政拨款: 123.70}
            支出总计: {合计: 123.70, 一般公共预算财政拨款: 123.70}
        """,
        ["一、一般公共预算拨款", "120.50", "年初财政拨款结转和结余", "3.20", "一般公共预算财政拨款", "123.70"],
    ),
    "general_expenditure": (
        """
        - table: general_expenditure
          total: {合计: 123.70, 基本支出: 100.00, 项目支出: 23.70}
          rows:
            - {code: "204", name: 公共安全支出, 合计: 123.70, 基本支出: 100.00, 项目支出: 23.70}
            - {code: "20406", name: 司法, 合计: 123.70, 基本支出: 100.00, 项目支出: 23.70}
            - {code: "2040601", name: 行政运行, 合计: 100.00, 基本支出: 100.00}
            - {code: "2040602", name: 一般行政管理事务, 合计: 23.70, 项目支出: 23.70}
        """,
        ["20406", "司法", "123.70", "23.70", "合计"],
    ),
    "basic_expenditure": (
        """
        - table: basic_expenditure
          total: {合计: 100.00, 人员经费: 88.80, 公用经费: 11.20}
          rows:
            - {code: "301", name: 工资福利支出, 合计: 88.80, 人员经费: 88.80}
            - {code: "30101", name: 基本工资, 合计: 88.80, 人员经费: 88.80}
            - {code: "302", name: 商品和服务支出, 合计: 11.20, 公用经费: 11.20}
            - {code: "30201", name: 办公费, 合计: 11.20, 公用经费: 11.20}
        """,
        ["30101", "基本工资", "88.80", "办公费", "11.20", "100.00", "一般公共预算基本支出", "人员经费"],
    ),
    "gov_fund_expenditure": (
        """
        - table: gov_fund_expenditure
          total: {合计: 50.00, 项目支出: 50.00}
          rows:
            - {code: "229", name: 其他支出, 合计: 50.00, 项目支出: 50.00}
            - {code: "22960", name: 彩票公益金安排的支出, 合计: 50.00, 项目支出: 50.00}
            - {code: "2296002", name: 用于社会福利的彩票公益金支出, 合计: 50.00, 项目支出: 50.00}
        """,
        ["2296002", "用于社会福利的彩票公益金支出", "50.00"],
    ),
    "state_capital_expenditure": (
        """
        - table: state_capital_expenditure
          total: {合计: 8.40, 项目支出: 8.40}
          rows:
            - {code: "223", name: 国有资本经营预算支出, 合计: 8.40, 项目支出: 8.40}
            - {code: "22301", name: 解决历史遗留问题及改革成本支出, 合计: 8.40, 项目支出: 8.40}
            - {code: "2230199", name: 其他解决历史遗留问题及改革成本支出, 合计: 8.40, 项目支出: 8.40}
        """,
        ["2230199", "其他解决历史遗留问题及改革成本支出", "8.40"],
    ),
    "three_public": (
        """
        - table: three_public
          rows:
            小计: {合计: 6.50, 一般公共预算财政拨款: 6.50}
            公务用车购置及运维费: {合计: 5.00, 一般公共预算财政拨款: 5.00}
            公务用车运行维护费: {合计: 5.00, 一般公共预算财政拨款: 5.00}
            公务接待费: {合计: 1.50, 一般公共预算财政拨款: 1.50}
        """,
        ["“三公”经费小计", "6.50", "二、公务用车购置及运维费", "5.00", "三、公务接待费", "1.50", "资金性质"],
    ),
    # ----- final.yml -----------------------------------------------------------------------
    "final_summary": (
        """
        - table: final_summary
          income:
            一般公共预算财政拨款收入: 98.60
            其他收入: 1.40
            本年收入合计: 100.00
            年初结转和结余: 5.00
            总计: 105.00
          expenditure:
            一般公共服务支出: 100.00
            本年支出合计: 100.00
            年末结转和结余: 5.00
            总计: 105.00
        """,
        ["一、一般公共预算财政拨款收入", "98.60", "八、其他收入", "1.40", "一、一般公共服务支出", "105.00"],
    ),
    "final_income": (
        """
        - table: final_income
          total: {本年收入合计: 100.00, 财政拨款收入: 98.60, 其他收入: 1.40}
          rows:
            - {code: "201", name: 一般公共服务支出, 本年收入合计: 100.00, 财政拨款收入: 98.60, 其他收入: 1.40}
            - {code: "20106", name: 财政事务, 本年收入合计: 100.00, 财政拨款收入: 98.60, 其他收入: 1.40}
            - {code: "2010601", name: 行政运行, 本年收入合计: 100.00, 财政拨款收入: 98.60, 其他收入: 1.40}
        """,
        ["201", "06", "01", "行政运行", "98.60", "1.40", "类", "款", "项"],
    ),
    "final_expenditure": (
        """
        - table: final_expenditure
          total: {本年支出合计: 100.00, 基本支出: 80.00, 项目支出: 20.00}
          rows:
            - {code: "201", name: 一般公共服务支出, 本年支出合计: 100.00, 基本支出: 80.00, 项目支出: 20.00}
            - {code: "20106", name: 财政事务, 本年支出合计: 100.00, 基本支出: 80.00, 项目支出: 20.00}
            - {code: "2010601", name: 行政运行, 本年支出合计: 80.00, 基本支出: 80.00}
            - {code: "2010602", name: 一般行政管理事务, 本年支出合计: 20.00, 项目支出: 20.00}
        """,
        ["02", "一般行政管理事务", "80.00", "20.00", "上缴上级支出"],
    ),
    "final_fiscal_summary": (
        """
        - table: final_fiscal_summary
          income:
            一般公共预算财政拨款: 98.60
            本年收入合计: 98.60
            年初财政拨款结转和结余: 2.10
            年初一般公共预算财政拨款: 2.10
            总计: 100.70
          expenditure:
            一般公共服务支出: {合计: 98.60, 一般公共预算财政拨款: 98.60}
            本年支出合计: {合计: 98.60, 一般公共预算财政拨款: 98.60}
            年末财政拨款结转和结余: {合计: 2.10, 一般公共预算财政拨款: 2.10}
            总计: {合计: 100.70, 一般公共预算财政拨款: 100.70}
        """,
        ["一、一般公共预算财政拨款", "98.60", "2.10", "100.70", "年末财政拨款结转和结余"],
    ),
    "final_general_expenditure": (
        """
        - table: final_general_expenditure
          total: {合计: 98.60, 基本支出: 80.00, 项目支出: 18.60}
          rows:
            - {code: "201", name: 一般公共服务支出, 合计: 98.60, 基本支出: 80.00, 项目支出: 18.60}
            - {code: "20106", name: 财政事务, 合计: 98.60, 基本支出: 80.00, 项目支出: 18.60}
            - {code: "2010601", name: 行政运行, 合计: 80.00, 基本支出: 80.00}
            - {code: "2010602", name: 一般行政管理事务, 合计: 18.60, 项目支出: 18.60}
        """,
        ["财政事务", "98.60", "18.60", "80.00"],
    ),
    "final_basic_expenditure": (
        """
        - table: final_basic_expenditure
          人员经费:
            total: 70.50
            rows:
              - {code: "301", name: 工资福利支出, 决算数: 70.50}
              - {code: "30101", name: 基本工资, 决算数: 70.50}
          公用经费:
            total: 9.50
            rows:
              - {code: "302", name: 商品和服务支出, 决算数: 9.50}
              - {code: "30201", name: 办公费, 决算数: 9.50}
        """,
        ["人员经费合计", "70.50", "公用经费合计", "9.50", "基本工资", "办公费"],
    ),
    "final_three_public": (
        """
        - table: final_three_public
          rows:
            合计: {预算数: 3.00, 决算数: 2.45}
            公务接待费: {预算数: 3.00, 决算数: 2.45}
        """,
        ["合计", "公务接待费", "预算数", "决算数", "3.00", "2.45"],
    ),
    "final_gov_fund": (
        """
        - table: final_gov_fund
          total: {本年收入: 50.00, 本年支出合计: 50.00, 本年支出项目支出: 50.00}
          rows:
            - {code: "229", name: 其他支出, 本年收入: 50.00, 本年支出合计: 50.00, 本年支出项目支出: 50.00}
            - {code: "22960", name: 彩票公益金安排的支出, 本年收入: 50.00, 本年支出合计: 50.00, 本年支出项目支出: 50.00}
            - {code: "2296002", name: 用于社会福利的彩票公益金支出, 本年收入: 50.00, 本年支出合计: 50.00,
               本年支出项目支出: 50.00}
        """,
        ["229", "60", "02", "用于社会福利的彩票公益金支出", "50.00", "本年支出", "年末结转和结余"],
    ),
    "final_state_capital": (
        """
        - table: final_state_capital
          total: {本年收入: 8.40, 本年支出合计: 8.40, 本年支出项目支出: 8.40}
          rows:
            - {code: "223", name: 国有资本经营预算支出, 本年收入: 8.40, 本年支出合计: 8.40, 本年支出项目支出: 8.40}
            - {code: "22301", name: 解决历史遗留问题及改革成本支出, 本年收入: 8.40, 本年支出合计: 8.40,
               本年支出项目支出: 8.40}
        """,
        ["223", "01", "解决历史遗留问题及改革成本支出", "8.40"],
    ),
    # ----- forms.yml -----------------------------------------------------------------------
    "project_hebei": (
        """
        - table: project_hebei
          title: 一般行政管理事务绩效目标表
          code: 99900025P00000000001X
          name: 一般行政管理事务
          budget: {预算数: 23.70, 财政资金: 20.50, 其他资金: 3.20}
          spending_plan: {3月底: 25%, 6月底: 60%}
          goal: 各项工作正常开展。
          indicators:
            - [产出指标, 数量指标, 保障办公楼数量, 反映保障办公楼数量, 1栋, 合同]
            - [满意度指标, 服务对象满意度指标, 工作人员满意度, 反映满意度, ≥95%, 问卷]
        """,
        [
            "99900025P00000000001X",
            "预算规模（万元）",
            "预算数",
            "23.70",
            "20.50",
            "3.20",
            "3月底",
            "25%",
            "保障办公楼数量",
            "≥95%",
        ],
    ),
    "project_ningxia": (
        """
        - table: project_ningxia
          period: (2025 年度)
          name: 社区矫正工作经费
          department: 05-行政教科文室
          implementer: 测试局本级
          attribute: 0101—一年期项目
          term: 1 年
          funds: {年度资金总额: 38, 财政拨款: 30, 其他资金: 8}
          goal: 规范接收社区矫正对象。
          indicators:
            - [产出指标, 数量指标（必填）, 调查评估建立工作档案, ≥200 人]
        """,
        ["项目资金（万元）", "年度资金总额", "38", "30", "8", "0101—一年期项目", "≥200 人"],
    ),
    "dept_indicators": (
        """
        - table: dept_indicators
          indicators:
            - [部门产出, 数量, 普法考试次数, 考察组织各类人员进行普法考试次数, ≥, "1", 次, 工作要求]
            - [部门效果, 满意度, 考生满意度, 反映考生满意度, ≥, "98", "%", 工作要求]
        """,
        ["普法考试次数", "≥", "98", "%", "指标值", "符号"],
    ),
    "dept_performance_hubei": (
        """
        - table: dept_performance_hubei
          department_name: 测试局
          years: ["2024", "2025"]
          income:
            - [财政拨款, 1932.41, 100%, 1834, 1865]
            - [合计, 1932.41, 100%, "", ""]
          expenditure:
            - [人员类项目支出, 1470.89, 76.12%, 1377.16, 1401.36]
            - [合计, 1470.89, 100%, "", ""]
          functions: 承担全面依法治县重大问题的政策研究。
          tasks: 推进法治政府建设。
          goal_long_term: 提升基层司法所基础办案能力
          goal_annual: 提升办案效率
          annual_indicators:
            - [产出指标, 数量指标, 法律援助案件数, 120件, 130件, ≥140件, 工作计划, 基本型]
        """,
        ["部门（单位）名称", "测试局", "1932.41", "76.12%", "1377.16", "2024", "≥140件"],
    ),
    # ----- other.yml -----------------------------------------------------------------------
    "procurement": (
        """
        - table: procurement
          total: {合计: 10.00, 一般公共预算拨款: 10.00, 预留中小微企业份额: 10.00}
          groups:
            - unit: 测试局本级
              subtotal: {合计: 10.00, 一般公共预算拨款: 10.00, 预留中小微企业份额: 10.00}
              items:
                - {项目名称: 公共法律服务工作经费, 预算资金: 10.00, 采购物品名称: 法律援助服务, 目录序号: C05011000,
                   计量单位: 项, 数量: 1, 单价: 10.00, 合计: 10.00, 一般公共预算拨款: 10.00, 预留中小微企业份额: 10.00}
        """,
        ["测试局本级小计", "公共法律服务工作经费", "C05011000", "10.00", "1"],
    ),
    "assets": (
        """
        - table: assets
          as_of: 2024-12-31
          total: {价值: 2240.88}
          rows:
            - {项目: 1、房屋（平方米）, 数量: 1853.3, 价值: 1902.41}
            - {项目: 2、车辆（台、辆）, 数量: 17, 价值: 338.47}
        """,
        ["资产总额", "2240.88", "1、房屋（平方米）", "1853.3", "17", "338.47"],
    ),
    "generic": (
        """
        - table: generic
          title: 部门机构设置情况
          header:
            - [单位名称, 单位性质, 编制数]
          rows:
            - [测试局本级, 行政, "12"]
          numeric: [2]
        """,
        ["单位名称", "测试局本级", "行政", "12"],
    ),
    # ----- provinces.yml -------------------------------------------------------------------
    "project_sichuan": (
        """
        - table: project_sichuan
          period: （2025年度）
          unit_name: 测试县司法局
          name: 人民调解工作经费
          budget: {合计: 150000.00, 财政拨款: 120000.00, 其他资金: 30000.00}
          goal: 调解矛盾纠纷，调解成功率达到 95% 以上。
          indicators:   # [一级, 二级, 三级, 指标性质, 指标值, 度量单位, 权重, 指标方向性]
            - [产出指标, 数量指标, 调解案件数量, ≥, "300", 件, "30", 正向指标]
            - [产出指标, 质量指标, 调解成功率, ≥, "95", "%", "30", 正向指标]
            - [产出指标, 成本指标, 每件调解补贴, ≤, "500", 元/件, "20", 反向指标]
            - [满意度指标, 服务对象满意度指标, 当事人满意度, ≥, "90", "%", "20", 正向指标]
        """,
        [
            "单位名称",
            "测试县司法局",
            "预算数（元）·合计",
            "150000.00",
            "120000.00",
            "30000.00",
            "调解成功率",
            "≥",
            "≤",
            "度量单位",
            "元/件",
            "权重",
            "30",
            "指标方向性",
            "反向指标",
        ],
    ),
    "project_anhui": (
        """
        - table: project_anhui
          period: （2025年度）
          name: 法律援助经费
          department: 测试县司法局（301001）
          implementer: 测试县法律援助中心
          source: 本级安排
          term: 2025年1月—2025年12月
          manager: 张三
          stamp: 测试县司法局
          funds: {年度资金总额: 45.60, 财政拨款: 40.00, 其他资金: 5.60}
          goal: 为困难群众提供法律援助。
          indicators:
            - [产出指标, 数量指标, 办理法律援助案件, ≥200件]
            - [满意度指标, 服务对象满意度指标, 受援人满意度, ≥95%]
        """,
        [
            "主管部门及代码",
            "测试县司法局（301001）",
            "项目来源",
            "本级安排",
            "项目责任人",
            "张三",
            "单位（盖章）",
            "项目资金（万元）·年度资金总额",
            "45.60",
            "40.00",
            "5.60",
            "≥200件",
        ],
    ),
    "three_public_funds": (
        """
        - table: three_public_funds
          rows:
            合计: {合计: 12.50, 财政拨款小计: 12.50, 一般公共预算: 12.50}
            因公出国（境）费: {合计: 0.00, 财政拨款小计: 0.00, 一般公共预算: 0.00}
            公务用车购置及运行费: {合计: 9.30, 财政拨款小计: 9.30, 一般公共预算: 9.30}
            公务用车购置费: {合计: 0.00, 财政拨款小计: 0.00, 一般公共预算: 0.00}
            公务用车运行费: {合计: 9.30, 财政拨款小计: 9.30, 一般公共预算: 9.30}
            公务接待费: {合计: 3.20, 财政拨款小计: 3.20, 一般公共预算: 3.20}
        """,
        [
            "合计",
            "财政拨款小计",
            "一般公共预算",
            "政府性基金",
            "国有资本经营预算",
            "1.因公出国（境）费",
            "2.公务用车购置及运行费",
            "其中：公务用车购置费",
            "公务用车运行费",
            "3.公务接待费",
            "12.50",
            "9.30",
            "3.20",
            "0.00",
        ],
    ),
    "three_public_funds_line": (
        """
        - table: three_public_funds_line
          rows:
            合计: {合计: 12.50, 财政拨款小计: 12.50, 一般公共预算: 12.50}
            公务用车购置及运行费: {合计: 9.30, 财政拨款小计: 9.30, 一般公共预算: 9.30}
            公务用车运行费: {合计: 9.30, 财政拨款小计: 9.30, 一般公共预算: 9.30}
            公务接待费: {合计: 3.20, 财政拨款小计: 3.20, 一般公共预算: 3.20}
        """,
        ["合计", "财政拨款小计", "1.因公出国（境）费", "3.公务接待费", "12.50", "9.30", "3.20"],
    ),
    "three_public_and_operating": (
        """
        - table: three_public_and_operating
          rows:
            三公经费合计: 12.50
            公务用车购置及运行费: 9.30
            公务用车运行费: 9.30
            公务接待费: 3.20
            机关运行经费: 86.75
        """,
        [
            "“三公”经费合计",
            "因公出国（境）费",
            "其中：公务用车购置费",
            "机关运行经费",
            "预算数",
            "12.50",
            "9.30",
            "3.20",
            "86.75",
        ],
    ),
    # ----- self_evaluation.yml -------------------------------------------------------------
    "project_self_evaluation": (
        """
        - table: project_self_evaluation
          name: 社区矫正工作经费
          department: 测试县司法局
          implementer: 测试县司法局本级
          funds:   # [项目资金, 年初预算数, 全年预算数, 全年执行数, 分值, 执行率, 得分]
            - [年度资金总额, 13.00, 15.50, 14.88, "10", 96.00%, "9.6"]
            - [其中：当年财政拨款, 13.00, 15.50, 14.88, "", "", ""]
            - [上年结转资金, "", "", "", "", "", ""]
            - [其他资金, "", "", "", "", "", ""]
          goal:
            预期目标: 规范接收社区矫正对象，开展警示教育。
            实际完成情况: 接收社区矫正对象 120 人，开展警示教育 16 场次。
          indicators:   # [一级, 二级, 三级, 年度指标值, 实际完成值, 分值, 得分, 偏差原因分析及改进措施]
            - [产出指标, 数量指标, 开展警示教育, ≥16场次, 16场次, "20", "20", ""]
            - [产出指标, 质量指标, 社区矫正对象再犯罪率, ≤0.3%, 0.1%, "20", "20", ""]
            - [效益指标, 社会效益指标, 维护社会稳定, 长效, 长效, "30", "28", 宣传面有待扩大，下年度加大宣传]
            - [满意度指标, 服务对象满意度指标, 社区矫正对象满意度, ≥90%, 92%, "20", "20", ""]
          score: {分值: 100, 得分: 97.6}
        """,
        [
            "项目名称",
            "社区矫正工作经费",
            "年初预算数",
            "全年执行数",
            "执行率",
            "13.00",
            "15.50",
            "14.88",
            "96.00%",
            "9.6",
            "年度总体目标",  # the caption, over its parts: 预期目标, 实际完成情况 (not 年度总体目标·预期目标)
            "预期目标",
            "实际完成情况",
            "年度指标值",
            "实际完成值",
            "偏差原因分析及改进措施",
            "宣传面有待扩大，下年度加大宣传",
            "总分",
            "得分",
            "97.6",
        ],
    ),
    "dept_self_evaluation": (
        """
        - table: dept_self_evaluation
          department_name: 测试县司法局
          funds:
            - [年度资金总额, 520.00, 548.30, 540.12, "10", 98.51%, "9.85"]
            - [其中：基本支出, 450.00, 460.30, 460.30, "", "", ""]
            - [项目支出, 70.00, 88.00, 79.82, "", "", ""]
          tasks:   # [任务名称, 主要内容, 预算数, 执行数]
            - [法律援助, 为困难群众提供法律援助, 20.00, 19.50]
          goal:
            预期目标: 保障机关正常运转，完成年度法治建设任务。
            实际完成情况: 机关运转正常，年度任务全部完成。
          indicators:
            - [产出指标, 数量指标, 办理法律援助案件, ≥200件, 215件, "45", "45", ""]
            - [效益指标, 社会效益指标, 群众法治意识, 提升, 提升, "25", "24", 宣传覆盖面不足]
            - [满意度指标, 服务对象满意度指标, 群众满意度, ≥90%, 93%, "20", "20", ""]
          score: {分值: 100, 得分: 98.85}
        """,
        [
            "部门（单位）名称",
            "测试县司法局",
            "548.30",
            "98.51%",
            "9.85",
            "其中：基本支出",
            "任务名称",
            "为困难群众提供法律援助",
            "19.50",
            "宣传覆盖面不足",
            "98.85",
        ],
    ),
}

DISCLOSURE_KIND = {kind: "决算" for kind in SAMPLES if kind.startswith("final_")}


def disclosure(body: str, kind: str = "预算") -> str:
    return HEAD.format(kind=kind) + textwrap.indent(textwrap.dedent(body).strip("\n") + "\n", " " * 6)


def load(check_tree, kind_id: str, body: str | None = None) -> tuple[Content, str]:
    text = disclosure(body if body is not None else SAMPLES[kind_id][0], DISCLOSURE_KIND.get(kind_id, "预算"))
    return load_content(check_tree({DISC: text})), text


def shown(content: Content) -> str:
    return "\n".join(d.format() for d in content.reporter.items)


def printed(block: BlockView) -> list[str]:
    """Every cell text of every grid of a table, its captions and the line above it."""
    texts = list(block.meta)
    for grid in block.grids:
        texts.append(grid.caption)
        texts.extend(cell.text for row in grid.header + grid.body for cell in row)
    return texts


def line_of(text: str, marker: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if marker in line)


def col_in(text: str, line_marker: str, marker: str) -> int:
    return text.splitlines()[line_of(text, line_marker) - 1].index(marker) + 1


@pytest.mark.parametrize("kind_id", sorted(package_registry().kinds))
def test_every_shipped_kind_checks_clean_and_prints_its_figures(check_tree, kind_id):
    assert kind_id in SAMPLES, f"shipped kind {kind_id} has no sample in tests/test_layouts_shipped.py"
    content, _ = load(check_tree, kind_id)
    # no errors; warnings only from checks against tables this one-table disclosure leaves out
    assert [d for d in content.reporter.items if d.severity.value == "error" or d.code != "GK034"] == [], shown(content)
    (d,) = content.disclosures
    (block,) = disclosure_view(d).tables
    assert block.table_kind == kind_id
    texts = printed(block)
    missing = [t for t in SAMPLES[kind_id][1] if t not in texts]
    assert not missing, f"not printed: {missing}\nprinted: {texts}"
    for grid in block.grids:  # no Python object ever printed
        for row in grid.header + grid.body:
            assert not any(cell.text.startswith(("{", "[")) for cell in row), row


def test_samples_name_only_shipped_kinds():
    assert set(SAMPLES) <= set(package_registry().kinds)


def test_new_layouts_are_optional():
    registry = package_registry()
    for kind_id in (
        "project_sichuan",
        "project_anhui",
        "three_public_funds",
        "three_public_funds_line",
        "three_public_and_operating",
        "project_self_evaluation",
        "dept_self_evaluation",
    ):
        assert registry.kinds[kind_id].required_in == (), kind_id


# ----- 四川: amounts in 元, weights add to 100, 预算数 = 财政拨款 + 其他资金 --------------------------


def test_sichuan_prints_its_unit(check_tree):
    content, _ = load(check_tree, "project_sichuan")
    (block,) = disclosure_view(content.disclosures[0]).tables
    assert "单位：元" in block.meta
    assert "（2025年度）" in block.meta
    (table,) = content.disclosures[0].tables()
    assert table.unit == "元"


def test_sichuan_weights_of_90_are_an_error_at_the_indicators(check_tree):
    body = SAMPLES["project_sichuan"][0].replace('元/件, "20", 反向指标', '元/件, "10", 反向指标')
    content, text = load(check_tree, "project_sichuan", body)
    found = [d for d in content.reporter.items if d.code == "GK037"]
    assert len(found) == 1 and found[0].severity.value == "error", shown(content)
    d = found[0]
    assert "权重" in d.message and "90" in d.message and "100" in d.message, d.message
    assert d.location.path == SHOWN
    assert d.location.line == line_of(text, "调解案件数量")  # the first indicator row
    assert d.location.col == col_in(text, "调解案件数量", "[产出指标")
    assert [x.code for x in content.reporter.errors] == ["GK037"], shown(content)


def test_sichuan_wrong_budget_sum_is_gk030(check_tree):
    body = SAMPLES["project_sichuan"][0].replace("合计: 150000.00", "合计: 160000.00")
    content, text = load(check_tree, "project_sichuan", body)
    found = [d for d in content.reporter.errors if d.code == "GK030"]
    assert len(found) == 1, shown(content)
    d = found[0]
    assert "160000.00" in d.message and "150000.00" in d.message, d.message
    assert (d.location.path, d.location.line) == (SHOWN, line_of(text, "合计: 160000.00"))
    assert d.location.col == col_in(text, "合计: 160000.00", "160000.00")


def test_anhui_wrong_funds_sum_is_gk030(check_tree):
    body = SAMPLES["project_anhui"][0].replace("年度资金总额: 45.60", "年度资金总额: 46.60")
    content, text = load(check_tree, "project_anhui", body)
    found = [d for d in content.reporter.errors if d.code == "GK030"]
    assert len(found) == 1, shown(content)
    assert "46.60" in found[0].message and "45.60" in found[0].message
    assert found[0].location.line == line_of(text, "年度资金总额: 46.60")


# ----- 三公: a wrong 合计 is GK033 with both figures -------------------------------------------------------


@pytest.mark.parametrize(
    "kind_id, total_row",
    [
        ("three_public_funds", "合计: {合计: 12.50"),
        ("three_public_funds_line", "合计: {合计: 12.50"),
        ("three_public_and_operating", "三公经费合计: 12.50"),
    ],
)
def test_three_public_wrong_total_is_gk033_with_both_figures(check_tree, kind_id, total_row):
    wrong = total_row.replace("12.50", "13.50")
    body = SAMPLES[kind_id][0].replace(total_row, wrong)
    assert body != SAMPLES[kind_id][0]
    content, text = load(check_tree, kind_id, body)
    found = [d for d in content.reporter.errors if d.code == "GK033"]
    assert found, shown(content)
    assert all("13.50" in d.message and "12.50" in d.message for d in found), shown(content)
    assert {(d.location.path, d.location.line) for d in found} == {(SHOWN, line_of(text, wrong))}


def test_three_public_funds_line_is_printed_transposed(check_tree):
    content, _ = load(check_tree, "three_public_funds_line")
    (block,) = disclosure_view(content.disclosures[0]).tables
    (grid,) = block.grids
    assert [c.text for c in grid.header[0]][:3] == ["项目", "合计", "1.因公出国（境）费"]
    assert [c.text for c in grid.body[0]][:2] == ["合计", "12.50"]  # one line per source of funds
    assert len(grid.body) == 5


def test_three_public_and_operating_is_one_line(check_tree):
    content, _ = load(check_tree, "three_public_and_operating")
    (block,) = disclosure_view(content.disclosures[0]).tables
    (grid,) = block.grids
    assert len(grid.body) == 1
    assert [c.text for c in grid.body[0]] == ["预算数", "12.50", "", "9.30", "", "9.30", "3.20", "86.75"]


# ----- 自评表: indicator 分值 add up to 90 (the funds carry 10) ------------------------------------------


@pytest.mark.parametrize(
    "kind_id, row, changed",
    [
        ("project_self_evaluation", '长效, 长效, "30", "28"', '长效, 长效, "20", "20"'),
        ("dept_self_evaluation", '提升, 提升, "25", "24"', '提升, 提升, "15", "15"'),
    ],
)
def test_self_evaluation_scores_must_add_up_to_90(check_tree, kind_id, row, changed):
    body = SAMPLES[kind_id][0].replace(row, changed)
    assert body != SAMPLES[kind_id][0]
    content, _ = load(check_tree, kind_id, body)
    found = [d for d in content.reporter.errors if d.code == "GK037"]
    assert len(found) == 1, shown(content)
    assert "分值" in found[0].message and "为 80" in found[0].message and "应为 90" in found[0].message, found[
        0
    ].message


# ----- a site's own layout, end to end (tests/fixtures/province: content/layouts/hainan.yml) ---------------

PROVINCE = Path(__file__).parent / "fixtures" / "province"
HAIKOU = "2025/haikou-sifaju"
LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning) (?P<code>GK\d{3}): (?P<msg>.+)$"
)


@pytest.fixture
def province(tmp_path: Path) -> Callable[..., Path]:
    """A copy of tests/fixtures/province with ``(old, new)`` edits to its disclosure (each old occurs once)."""

    def make(*edits: tuple[str, str]) -> Path:
        root = tmp_path / "content"
        shutil.copytree(PROVINCE, root)
        path = root / HAIKOU / "disclosure.yml"
        text = path.read_text(encoding="utf-8")
        for old, new in edits:
            assert text.count(old) == 1, old
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
        return root

    return make


def run_check(capsys, root: Path) -> tuple[int, list[str]]:
    code = main(["check", str(root)])
    return code, capsys.readouterr().out.splitlines()


def test_site_layout_checks_clean(province, capsys):
    code, lines = run_check(capsys, province())
    assert (code, lines) == (0, ["检查通过：1 个公开，0 个错误，0 个警告"])


def test_site_layout_catches_a_wrong_sum_and_weights_of_90(province, capsys):
    root = province(("资金总额: 86.40", "资金总额: 96.40"), ('群众满意度, ≥95%, "20"', '群众满意度, ≥95%, "10"'))
    text = (root / HAIKOU / "disclosure.yml").read_text(encoding="utf-8")
    code, lines = run_check(capsys, root)
    assert code == 1
    found = {m["code"]: m for m in map(LINE.match, lines[:-1]) if m}
    assert set(found) == {"GK030", "GK037"}, lines
    shown = f"content/{HAIKOU}/disclosure.yml"
    wrong = found["GK030"]
    assert (wrong["path"], int(wrong["line"]), int(wrong["col"])) == (
        shown,
        line_of(text, "资金总额: 96.40"),
        col_in(text, "资金总额: 96.40", "96.40"),
    )
    assert "96.40" in wrong["msg"] and "86.40" in wrong["msg"]
    weights = found["GK037"]
    assert (weights["path"], int(weights["line"]), int(weights["col"])) == (
        shown,
        line_of(text, "法律咨询人次"),
        col_in(text, "法律咨询人次", "[产出指标"),
    )
    assert "权重" in weights["msg"] and "90" in weights["msg"] and "100" in weights["msg"]
    assert lines[-1].startswith("检查未通过") and "2 个错误" in lines[-1]


def test_site_layout_builds_page_csv_and_xlsx(province, tmp_path, capsys):
    output = tmp_path / "output"
    assert main(["build", "--no-pdf", str(province()), "--output", str(output)]) == 0
    base = output / HAIKOU
    page = (base / "01.html").read_text(encoding="utf-8")
    for text in (
        "项目支出绩效目标表（公共法律服务体系建设）",
        "项目资金（万元）·资金总额",
        "86.40",
        "6.40",
        "法律咨询人次",
        "≥5000人次",
        "权重",
    ):
        assert text in page, text
    assert "12.80" in (base / "02.html").read_text(encoding="utf-8")
    csv_rows = list(csv.reader(io.StringIO((base / "data" / "t1.csv").read_text(encoding="utf-8-sig"))))
    assert ["项目资金（万元）·资金总额", "86.40"] in csv_rows
    assert ["产出指标", "数量指标", "法律咨询人次", "≥5000人次", "30"] in csv_rows
    workbook = openpyxl.load_workbook(base / "data" / "haikou-sifaju.xlsx")
    assert len(workbook.worksheets) == 2
    rows = {row[0].value: row[1] for row in workbook.worksheets[0].iter_rows(min_col=1, max_col=2)}
    total = rows["项目资金（万元）·资金总额"]
    assert total.data_type == "n" and Decimal(str(total.value)) == Decimal("86.40"), total.value  # a number
    assert total.number_format == "0.00"  # shown with the published decimals
    assert rows["项目实施单位"].value == "海口市公共法律服务中心"


BROKEN = """\
project_broken:
  title: 坏表式
  structure: form
  colour: red
  sections:
    - lists:
        - key: indicators
          columns: [一级指标, 权重]
no_structure:
  title: 没有结构
fixed_broken:
  title: 坏三公表
  structure: fixed
  sides:
    - id: rows
      columns:
        - {id: 合计, sum_of: [一般公共预算, 政府性资金]}
        - {id: 一般公共预算}
      body:
        - {id: 合计}
"""


def test_broken_layout_file_gives_located_errors_not_a_traceback(province, capsys):
    root = province()
    (root / "layouts" / "broken.yml").write_text(BROKEN, encoding="utf-8")
    code, lines = run_check(capsys, root)
    assert code == 1
    assert not any("Traceback" in line for line in lines)
    shown = "content/layouts/broken.yml"
    found = {(m["code"], int(m["line"]), int(m["col"])) for m in map(LINE.match, lines) if m and m["path"] == shown}
    assert ("GK003", line_of(BROKEN, "colour"), 3) in found, lines
    assert any(c == "GK004" and line == line_of(BROKEN, "title: 没有结构") for c, line, _ in found), lines
    assert ("GK012", line_of(BROKEN, "政府性资金"), 11) in found, lines
    assert any("政府性资金" in line and "GK012" in line for line in lines)
    # the site's good layout is still read: the disclosure using it has no error of its own
    assert not any(HAIKOU in line for line in lines), lines
