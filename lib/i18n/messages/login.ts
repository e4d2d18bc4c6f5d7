import { defineMessages } from './define-messages';

export const loginMessages = defineMessages({
  'zh-CN': {
    title: '登录汇办',
    login: '账号或邮箱',
    password: '密码',
    submit: '登录',
    dingtalk: '使用钉钉登录',
    or: '或',
    required: '请输入账号和密码',
    failed: '账号或密码错误',
    dingtalkDenied: '该钉钉账号未关联汇办用户，请联系管理员',
    dingtalkFailed: '钉钉登录失败，请重试',
  },
  'en-US': {
    title: 'Sign in to Huiban',
    login: 'Username or email',
    password: 'Password',
    submit: 'Sign in',
    dingtalk: 'Sign in with DingTalk',
    or: 'or',
    required: 'Enter your username and password',
    failed: 'Wrong username or password',
    dingtalkDenied: 'This DingTalk account is not linked to a Huiban user; ask your admin',
    dingtalkFailed: 'DingTalk sign-in failed, please try again',
  },
});
